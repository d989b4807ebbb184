package io.github.hapismart.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

/** The shared purge of expired rows: what it deletes, and that it runs at most once per interval. */
class ExpiryPurgeTest {

    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    private final SmartDatabase db = database();
    private final MovableClock clock = new MovableClock(START);
    private final ExpiryPurge purge = new ExpiryPurge(db, clock, "smart_login_session", "expires_at",
            Duration.ofMinutes(5), Duration.ofSeconds(30));

    private static SmartDatabase database() {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        return new SmartDatabase(ds).migrate();
    }

    private void session(String hash, Instant expiresAt) {
        db.update("INSERT INTO smart_login_session (session_hash, username, created_at, expires_at) VALUES (?, ?, ?, ?)",
                hash, "user", START.toEpochMilli(), expiresAt.toEpochMilli());
    }

    private long rows() {
        return db.queryOne("SELECT count(*) FROM smart_login_session", row -> row.getLong(1)).orElseThrow();
    }

    @Test
    void aRowExpiredLongerThanTheKeepPeriodIsDeleted() {
        session("old", START.minus(Duration.ofMinutes(6)));
        purge.runIfDue();
        assertEquals(0, rows());
    }

    @Test
    void aRowWithinTheKeepPeriodStays() {
        session("recent", START.minus(Duration.ofMinutes(4)));
        purge.runIfDue();
        assertEquals(1, rows());
    }

    /** Purges, stores an old row, waits, purges again: how many rows are left. */
    private long rowsAfterASecondPurge(Duration wait) {
        purge.runIfDue();
        session("old", START.minus(Duration.ofMinutes(6)));
        clock.advance(wait);
        purge.runIfDue();
        return rows();
    }

    @Test
    void aSecondPurgeWithinTheIntervalDeletesNothing() {
        assertEquals(1, rowsAfterASecondPurge(Duration.ofSeconds(29)));
    }

    @Test
    void aPurgeOneIntervalLaterDeletesAgain() {
        assertEquals(0, rowsAfterASecondPurge(Duration.ofSeconds(30)));
    }

    @Test
    void aTableNameThatIsNotAPlainIdentifierIsRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> ExpiryPurge.of(db, clock, "smart_login_session; DROP TABLE x", "expires_at"));
    }
}
