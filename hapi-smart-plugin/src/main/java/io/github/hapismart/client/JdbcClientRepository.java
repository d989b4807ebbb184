package io.github.hapismart.client;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.hapismart.store.SmartDatabase;
import io.github.hapismart.store.StoreException;
import java.net.URI;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * {@link ClientRepository} on the plugin's JDBC tables ({@code smart_client}). Lookups by id are cached for at most
 * {@link #CACHE_LIFETIME} (bounded), since every token request reads its client; a save through this repository
 * takes effect at once, and one made by another server node on the same database within that lifetime.
 */
public final class JdbcClientRepository implements ClientRepository {

    private static final String COLUMNS = "client_id, client_name, auth_method, secret_hash, redirect_uris, "
            + "grant_types, scope, jwks, jwks_uri, initiate_login_uri, created_at";

    /** The longest a client changed by another node may be seen in its previous form. */
    public static final Duration CACHE_LIFETIME = Duration.ofSeconds(5);

    private final SmartDatabase db;
    private final Cache<String, Optional<RegisteredClient>> byId = Caffeine.newBuilder()
            .maximumSize(10_000).expireAfterWrite(CACHE_LIFETIME).build();

    public JdbcClientRepository(SmartDatabase db) {
        this.db = db;
    }

    @Override
    public Optional<RegisteredClient> findById(String clientId) {
        return byId.get(clientId,
                id -> db.queryOne("SELECT " + COLUMNS + " FROM smart_client WHERE client_id = ?", this::map, id));
    }

    @Override
    public List<RegisteredClient> findAll() {
        return db.query("SELECT " + COLUMNS + " FROM smart_client ORDER BY created_at", this::map);
    }

    /**
     * Inserts the client or replaces the row with its id, without a moment in which the client is missing. Safe when
     * two nodes save the same new client at once: the one whose insert loses the race on the primary key updates
     * the winner's row instead.
     */
    @Override
    public synchronized void save(RegisteredClient client) {
        Object[] values = {client.clientName(), client.authMethod().value(), client.secretHash().orElse(null),
                client.redirectUris().stream().map(URI::toString).collect(Collectors.joining(" ")),
                String.join(" ", client.grantTypes()), client.scope(), client.jwks().orElse(null),
                client.jwksUri().map(URI::toString).orElse(null),
                client.initiateLoginUri().map(URI::toString).orElse(null), client.createdAt().toEpochMilli(),
                client.clientId()};
        try {
            if (update(values) == 0) {
                insert(values);
            }
        } catch (StoreException e) {
            if (!isDuplicateKey(e)) {
                throw e;
            }
            // Another node inserted the same id between our update and insert: its row is there now.
            update(values);
        } finally {
            byId.invalidate(client.clientId());
        }
    }

    private int update(Object[] values) {
        return db.update("UPDATE smart_client SET client_name = ?, auth_method = ?, secret_hash = ?, redirect_uris = ?, "
                + "grant_types = ?, scope = ?, jwks = ?, jwks_uri = ?, initiate_login_uri = ?, created_at = ? "
                + "WHERE client_id = ?", values);
    }

    private void insert(Object[] values) {
        db.update("INSERT INTO smart_client (client_name, auth_method, secret_hash, redirect_uris, grant_types, scope, "
                + "jwks, jwks_uri, initiate_login_uri, created_at, client_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                values);
    }

    private RegisteredClient map(ResultSet row) throws SQLException {
        return new RegisteredClient(
                row.getString("client_id"),
                row.getString("client_name"),
                ClientAuthMethod.fromValue(row.getString("auth_method")).orElseThrow(),
                Optional.ofNullable(row.getString("secret_hash")),
                words(row.getString("redirect_uris")).stream().map(URI::create).toList(),
                new LinkedHashSet<>(words(row.getString("grant_types"))),
                row.getString("scope"),
                Optional.ofNullable(row.getString("jwks")),
                Optional.ofNullable(row.getString("jwks_uri")).map(URI::create),
                Optional.ofNullable(row.getString("initiate_login_uri")).map(URI::create),
                Instant.ofEpochMilli(row.getLong("created_at")));
    }

    /** SQLState 23505, unique violation, in H2 and PostgreSQL alike. */
    static boolean isDuplicateKey(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && "23505".equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    private static List<String> words(String value) {
        return value == null || value.isBlank() ? List.of() : Arrays.asList(value.trim().split("\\s+"));
    }
}
