package io.github.hapismart.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.UUID;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

/** The shared purge of expired rows: what it deletes, and that it runs at most once per interval. */
class ExpiryPurgeTest {

    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    private final SmartDatabase db = database();
    private final MovableClock clock = new MovableClock();
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

    @Test
    void aSecondPurgeWithinTheIntervalDeletesNothing() {
        purge.runIfDue();
        session("old", START.minus(Duration.ofMinutes(6)));
        clock.advance(Duration.ofSeconds(29));
        purge.runIfDue();
        assertEquals(1, rows());
    }

    @Test
    void aPurgeOneIntervalLaterDeletesAgain() {
        purge.runIfDue();
        session("old", START.minus(Duration.ofMinutes(6)));
        clock.advance(Duration.ofSeconds(30));
        purge.runIfDue();
        assertEquals(0, rows());
    }

    @Test
    void aTableNameThatIsNotAPlainIdentifierIsRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> ExpiryPurge.of(db, clock, "smart_login_session; DROP TABLE x", "expires_at"));
    }

    /** A clock that moves only when the test says so. */
    private static final class MovableClock extends Clock {
        private Instant now = START;

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
