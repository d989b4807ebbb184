package io.github.hapismart.token;

import io.github.hapismart.store.ExpiryPurge;
import io.github.hapismart.store.SmartDatabase;
import io.github.hapismart.store.TokenHashing;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Refresh tokens in the database, stored only as hashes. Each belongs to a client and a grant family; an
 * {@code online_access} token (one without {@code offline_access}) records the login session it must outlive not.
 * Revoking a family marks every refresh token of it revoked.
 */
public final class RefreshTokens {

    /** The scope that asks for a refresh token that outlives the login session. */
    public static final String OFFLINE = "offline_access";
    /** The scope that asks for a refresh token bound to the login session. */
    public static final String ONLINE = "online_access";

    private final SmartDatabase db;
    private final TokenHashing hashing;
    private final Clock clock;
    private final Duration lifetime;
    /** Kept a day past expiry, like codes, so that a late use is still recognised as a retired token's. */
    private final ExpiryPurge purge;

    /** A stored refresh token and its state. */
    public record StoredRefreshToken(String tokenHash, String clientId, UserGrant grant, Instant expiresAt,
                                     Optional<Instant> rotatedAt, Optional<Instant> revokedAt,
                                     Optional<String> sessionHash) {
        /** Whether it is bound to a login session ({@code online_access}). */
        public boolean online() {
            return sessionHash.isPresent();
        }
    }

    public RefreshTokens(SmartDatabase db, TokenHashing hashing, Clock clock, Duration lifetime) {
        this.db = db;
        this.hashing = hashing;
        this.clock = clock;
        this.lifetime = lifetime;
        this.purge = new ExpiryPurge(db, clock, "smart_refresh_token", "expires_at", Duration.ofDays(1),
                ExpiryPurge.DEFAULT_INTERVAL);
    }

    /** Whether a grant with these scopes gets a refresh token at all. */
    public static boolean wanted(UserGrant grant) {
        return grant.scopes().contains(OFFLINE) || grant.scopes().contains(ONLINE);
    }

    /** Stores a new refresh token for the grant; returns its value. */
    public String issue(UserGrant grant) {
        String token = hashing.newToken();
        purge.runIfDue();
        insert(db::update, token, grant);
        return token;
    }

    /**
     * Retires the token {@code retiredHash} and stores its successor for {@code grant} in one transaction, so that
     * no crash can leave the successor stored and the old token live, nor roll back a retirement the client has
     * seen. Empty if the old token was already retired or revoked (a concurrent use); nothing is stored then.
     */
    public Optional<String> rotate(String retiredHash, UserGrant grant) {
        String token = hashing.newToken();
        purge.runIfDue();
        return db.inTransaction(tx -> {
            if (tx.update("UPDATE smart_refresh_token SET rotated_at = ? WHERE token_hash = ? AND rotated_at IS NULL "
                    + "AND revoked_at IS NULL", clock.millis(), retiredHash) != 1) {
                return Optional.empty();
            }
            insert(tx::update, token, grant);
            return Optional.of(token);
        });
    }

    /** Runs one INSERT, UPDATE or DELETE: the database's own or a transaction's. */
    @FunctionalInterface
    private interface Statement {
        int update(String sql, Object... params);
    }

    private void insert(Statement statement, String token, UserGrant grant) {
        Instant now = clock.instant();
        boolean online = !grant.scopes().contains(OFFLINE);
        statement.update("INSERT INTO smart_refresh_token (token_hash, client_id, family, username, scope, grant_data, "
                        + "session_hash, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                TokenHashing.hash(token), grant.clientId(), grant.family(), grant.username(),
                grant.scopes().toString(), grant.toJson(), online ? grant.sessionHash().orElse("none") : null,
                now.toEpochMilli(), now.plus(lifetime).toEpochMilli());
    }

    /** The stored token for a value, in whatever state it is. */
    public Optional<StoredRefreshToken> find(String token) {
        if (token == null || token.isEmpty() || token.length() > 512) {
            return Optional.empty();
        }
        // A token counts as revoked when its grant family is, even if it was stored after the family was revoked
        // (a code redeemed twice at once on two nodes: the loser revokes the family while the winner stores its
        // refresh token).
        return db.queryOne("SELECT t.token_hash, t.client_id, t.grant_data, t.expires_at, t.rotated_at, "
                        + "COALESCE(t.revoked_at, g.revoked_at), t.session_hash FROM smart_refresh_token t "
                        + "LEFT JOIN smart_grant g ON g.family = t.family WHERE t.token_hash = ?",
                row -> new StoredRefreshToken(row.getString(1), row.getString(2), UserGrant.fromJson(row.getString(3)),
                        Instant.ofEpochMilli(row.getLong(4)), instant(row.getObject(5)), instant(row.getObject(6)),
                        Optional.ofNullable(row.getString(7))),
                TokenHashing.hash(token));
    }

    /** Revokes every refresh token of a family. */
    public void revokeFamily(String family) {
        db.update("UPDATE smart_refresh_token SET revoked_at = ? WHERE family = ? AND revoked_at IS NULL",
                clock.millis(), family);
    }

    private static Optional<Instant> instant(Object epochMillis) {
        return epochMillis instanceof Number n ? Optional.of(Instant.ofEpochMilli(n.longValue())) : Optional.empty();
    }
}
