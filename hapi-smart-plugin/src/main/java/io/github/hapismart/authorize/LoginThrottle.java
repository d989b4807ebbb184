package io.github.hapismart.authorize;

import io.github.hapismart.store.ExpiryPurge;
import io.github.hapismart.store.SmartDatabase;
import io.github.hapismart.store.StoreException;
import io.github.hapismart.store.TokenHashing;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * Limits failed logins per user name and per client address, counted in the database so that every node sharing it
 * counts the same failures: an attacker who alternates between nodes gets no more tries. Each key is a token bucket
 * of {@code capacity} failures refilled one per {@code period}, stored as one number, the time at which its bucket
 * is full again (the generic cell rate algorithm), and updated in one atomic statement per failure. While a bucket
 * is empty, attempts are refused without checking the password. Keys are stored as hashes; rows whose buckets are
 * full are purged, so the table holds only keys that failed within the last few minutes.
 */
final class LoginThrottle {

    /** Failed logins allowed per user name before waiting; one more is allowed every minute. */
    static final int FAILURES_PER_USER = 5;
    /** Failed logins allowed per client address before waiting; one more every 15 seconds. */
    static final int FAILURES_PER_ADDRESS = 20;

    private record Limit(String prefix, int capacity, Duration period) {
        String key(String value) {
            return TokenHashing.hash(prefix + value);
        }
    }

    private static final Limit USER = new Limit("user:", FAILURES_PER_USER, Duration.ofMinutes(1));
    private static final Limit ADDRESS = new Limit("address:", FAILURES_PER_ADDRESS, Duration.ofSeconds(15));

    private final SmartDatabase db;
    private final Clock clock;
    /** A bucket that is full again holds nothing worth keeping. */
    private final ExpiryPurge purge;

    LoginThrottle(SmartDatabase db, Clock clock) {
        this.db = db;
        this.clock = clock;
        this.purge = new ExpiryPurge(db, clock, "smart_login_throttle", "full_at", Duration.ZERO,
                Duration.ofMinutes(1));
    }

    /** How long the caller must wait before trying this user or address again; empty when it may try now. */
    Optional<Duration> waitBefore(String username, String address) {
        long wait = Math.max(waitMillis(USER, normalise(username)), waitMillis(ADDRESS, address));
        return wait > 0 ? Optional.of(Duration.ofMillis(wait)) : Optional.empty();
    }

    /** Records a failed login against the user name and the address. */
    void failed(String username, String address) {
        purge.runIfDue();
        consume(USER, normalise(username));
        consume(ADDRESS, address);
    }

    /** Milliseconds until the bucket holds one failure again (0 if it does now). */
    private long waitMillis(Limit limit, String value) {
        long now = clock.millis();
        long fullAt = db.queryOne("SELECT full_at FROM smart_login_throttle WHERE throttle_key = ?",
                row -> row.getLong(1), limit.key(value)).orElse(now);
        // The bucket lacks (fullAt - now) / period failures; it is empty when it lacks more than capacity - 1.
        return fullAt - now - (limit.capacity() - 1) * limit.period().toMillis();
    }

    /** Takes one failure from the bucket, in one statement that any node may run at the same moment. */
    private void consume(Limit limit, String value) {
        long now = clock.millis();
        long period = limit.period().toMillis();
        String key = limit.key(value);
        // An empty bucket stays empty (full again capacity periods from now); it does not go into debt.
        String update = "UPDATE smart_login_throttle SET full_at = LEAST(GREATEST(full_at, ?) + ?, ?) "
                + "WHERE throttle_key = ?";
        Object[] params = {now, period, now + limit.capacity() * period, key};
        if (db.update(update, params) == 1) {
            return;
        }
        try {
            db.update("INSERT INTO smart_login_throttle (throttle_key, full_at) VALUES (?, ?)", key, now + period);
        } catch (StoreException e) {
            if (!SmartDatabase.isDuplicateKey(e)) {
                throw e;
            }
            db.update(update, params); // another node inserted it first: count this failure on its row
        }
    }

    private static String normalise(String username) {
        return username.toLowerCase(Locale.ROOT);
    }
}
