package io.github.hapismart.store;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * Deletes a table's expired rows, at most once per interval and from whichever caller first finds a purge due, so
 * that the stores need no scheduler. Guarantees one {@code DELETE} per interval per node, by the expiry column's
 * index: a purge on every insert was once a table scan per token (docs/benchmarks.md). Expired rows live a little
 * longer than their expiry, which only delays their removal: every store decides validity by the expiry itself, never
 * by a row's absence. Several nodes purging the same rows at once is harmless.
 */
public final class ExpiryPurge {

    /** How often a store purges unless it says otherwise. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(30);

    private static final Pattern IDENTIFIER = Pattern.compile("[a-z_]+");

    private final SmartDatabase db;
    private final Clock clock;
    private final String sql;
    private final Duration keep;
    private final long intervalMillis;
    private final AtomicLong nextPurge = new AtomicLong();

    /**
     * @param table    the table, e.g. {@code smart_refresh_token}
     * @param column   its expiry column in epoch milliseconds, e.g. {@code expires_at}
     * @param keep     how long a row is kept after its expiry (a redeemed code is kept to recognise its replay)
     * @param interval the least time between two purges
     */
    public ExpiryPurge(SmartDatabase db, Clock clock, String table, String column, Duration keep, Duration interval) {
        this.db = Objects.requireNonNull(db);
        this.clock = Objects.requireNonNull(clock);
        if (!IDENTIFIER.matcher(table).matches() || !IDENTIFIER.matcher(column).matches()) {
            throw new IllegalArgumentException("table and column must be plain identifiers");
        }
        if (keep.isNegative() || interval.isNegative()) {
            throw new IllegalArgumentException("keep and interval must not be negative");
        }
        this.sql = "DELETE FROM " + table + " WHERE " + column + " < ?";
        this.keep = keep;
        this.intervalMillis = interval.toMillis();
    }

    /** A purge of rows whose {@code column} has passed, every {@link #DEFAULT_INTERVAL}. */
    public static ExpiryPurge of(SmartDatabase db, Clock clock, String table, String column) {
        return new ExpiryPurge(db, clock, table, column, Duration.ZERO, DEFAULT_INTERVAL);
    }

    /** Deletes the expired rows if the last purge on this node is at least one interval ago; else does nothing. */
    public void runIfDue() {
        long now = clock.millis();
        long due = nextPurge.get();
        if (now >= due && nextPurge.compareAndSet(due, now + intervalMillis)) {
            db.update(sql, now - keep.toMillis());
        }
    }
}
