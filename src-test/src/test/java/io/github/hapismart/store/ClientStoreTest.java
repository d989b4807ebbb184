package io.github.hapismart.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.hapismart.client.ClientAuthMethod;
import io.github.hapismart.client.JdbcClientRepository;
import io.github.hapismart.client.RegisteredClient;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Registered clients on H2 and PostgreSQL: every field survives storage, a save replaces, all are listed. */
class ClientStoreTest {

    @RegisterExtension
    final StoreDatabases databases = new StoreDatabases();

    private static RegisteredClient client(String clientId, String name, Optional<String> jwks) {
        return new RegisteredClient(clientId, name,
                jwks.isPresent() ? ClientAuthMethod.PRIVATE_KEY_JWT : ClientAuthMethod.CLIENT_SECRET_BASIC,
                jwks.isPresent() ? Optional.empty() : Optional.of("{bcrypt}$2a$10$abcdefghijklmnopqrstuv"),
                List.of(URI.create("http://localhost:4567/redirect"), URI.create("https://app.example/cb")),
                Set.of(RegisteredClient.AUTHORIZATION_CODE, RegisteredClient.REFRESH_TOKEN),
                "launch/patient openid fhirUser offline_access patient/*.rs", jwks, Optional.empty(),
                Optional.of(URI.create("https://app.example/launch")), Instant.parse("2026-12-01T10:00:00.123Z"));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(DatabaseKind.class)
    void aSavedClientIsFoundWithEveryField(DatabaseKind kind) {
        JdbcClientRepository clients = new JdbcClientRepository(databases.open(kind));
        RegisteredClient client = client("app-1", "App one", Optional.empty());
        clients.save(client);
        assertEquals(Optional.of(client), clients.findById("app-1"));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(DatabaseKind.class)
    void aClientWithALargeJwksIsStoredWhole(DatabaseKind kind) {
        JdbcClientRepository clients = new JdbcClientRepository(databases.open(kind));
        String jwks = "{\"keys\":[" + "{\"kty\":\"oct\",\"k\":\"" + "A".repeat(40_000) + "\"}" + "]}";
        clients.save(client("backend", "Backend", Optional.of(jwks)));
        assertEquals(Optional.of(jwks), clients.findById("backend").flatMap(RegisteredClient::jwks));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(DatabaseKind.class)
    void savingAClientAgainReplacesIt(DatabaseKind kind) {
        JdbcClientRepository clients = new JdbcClientRepository(databases.open(kind));
        clients.save(client("app-1", "Old name", Optional.empty()));
        clients.save(client("app-1", "New name", Optional.empty()));
        assertEquals(List.of("New name"), clients.findAll().stream().map(RegisteredClient::clientName).toList());
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(DatabaseKind.class)
    void anUnknownClientIsNotFound(DatabaseKind kind) {
        assertEquals(Optional.empty(), new JdbcClientRepository(databases.open(kind)).findById("nobody"));
    }
}
