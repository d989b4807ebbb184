package io.github.hapismart.user;

import io.github.hapismart.store.ExpiryPurge;
import io.github.hapismart.store.SmartDatabase;
import io.github.hapismart.store.TokenHashing;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Login sessions of the authorization pages. The browser's cookie holds a random session id; the database holds
 * only its hash, the user and the expiry. Ending a session (logout) also ends the {@code online_access} refresh
 * tokens bound to it, since they check {@link #isActive(String)}.
 */
public final class LoginSessions {

    private final SmartDatabase db;
    private final TokenHashing hashing;
    private final Clock clock;
    private final Duration lifetime;
    private final ExpiryPurge purge;

    /** A live session: the hash that other records refer to, and whose it is. */
    public record Session(String sessionHash, String username, Instant createdAt, Instant expiresAt) {
    }

    public LoginSessions(SmartDatabase db, TokenHashing hashing, Clock clock, Duration lifetime) {
        this.db = db;
        this.hashing = hashing;
        this.clock = clock;
        this.lifetime = lifetime;
        this.purge = ExpiryPurge.of(db, clock, "smart_login_session", "expires_at");
    }

    /** Starts a session for {@code username}; returns the cookie value (the only place the id exists). */
    public String start(String username) {
        String id = hashing.newToken();
        Instant now = clock.instant();
        purge.runIfDue();
        db.update("INSERT INTO smart_login_session (session_hash, username, created_at, expires_at) VALUES (?, ?, ?, ?)",
                TokenHashing.hash(id), username, now.toEpochMilli(), now.plus(lifetime).toEpochMilli());
        return id;
    }

    /** The live session behind a cookie value, if any. */
    public Optional<Session> find(String cookieValue) {
        if (cookieValue == null || cookieValue.isEmpty() || cookieValue.length() > 128) {
            return Optional.empty();
        }
        return findByHash(TokenHashing.hash(cookieValue));
    }

    /** The live session with this hash, if any. */
    public Optional<Session> findByHash(String sessionHash) {
        return db.queryOne("SELECT session_hash, username, created_at, expires_at FROM smart_login_session "
                        + "WHERE session_hash = ? AND ended_at IS NULL AND expires_at > ?",
                row -> new Session(row.getString(1), row.getString(2), Instant.ofEpochMilli(row.getLong(3)),
                        Instant.ofEpochMilli(row.getLong(4))),
                sessionHash, clock.millis());
    }

    /** Whether the session with this hash is still live. */
    public boolean isActive(String sessionHash) {
        return findByHash(sessionHash).isPresent();
    }

    /** Ends the session behind a cookie value (logout). */
    public void end(String cookieValue) {
        if (cookieValue != null && !cookieValue.isEmpty()) {
            db.update("UPDATE smart_login_session SET ended_at = ? WHERE session_hash = ? AND ended_at IS NULL",
                    clock.millis(), TokenHashing.hash(cookieValue));
        }
    }

    /** How long a new session lasts. */
    public Duration lifetime() {
        return lifetime;
    }
}
