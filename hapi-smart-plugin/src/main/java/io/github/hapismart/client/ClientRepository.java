package io.github.hapismart.client;

import java.util.List;
import java.util.Optional;

/** Where registered clients are kept. */
public interface ClientRepository {

    Optional<RegisteredClient> findById(String clientId);

    /** Inserts the client, or replaces the one with the same id. */
    void save(RegisteredClient client);

    List<RegisteredClient> findAll();
}
