package io.github.hapismart.federate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.hapismart.store.MovableClock;
import io.github.hapismart.store.SmartDatabase;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

/** Sign-ins in progress at a provider: single use, bound to the browser, short-lived. */
class UpstreamLoginsTest {

    private final MovableClock clock = new MovableClock(Instant.parse("2026-12-01T10:00:00Z"));
    private final UpstreamLogins logins = new UpstreamLogins(database(), clock);
    private final UpstreamLogins.Started started = new UpstreamLogins.Started("hospital", "n", "v", "txn-1");

    private static SmartDatabase database() {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        return new SmartDatabase(ds).migrate();
    }

    @Test
    void aStateIsTakenBackOnceOnly() {
        logins.start("state-1", "browser-1", started);
        assertEquals(Optional.of(started), logins.take("state-1", "browser-1"));
        assertTrue(logins.take("state-1", "browser-1").isEmpty());
    }

    @Test
    void anotherBrowserCannotTakeTheState() {
        logins.start("state-2", "browser-1", started);
        assertTrue(logins.take("state-2", "browser-2").isEmpty());
        assertEquals(Optional.of(started), logins.take("state-2", "browser-1"), "the refusal used nothing up");
    }

    @Test
    void aStateExpires() {
        logins.start("state-3", "browser-1", started);
        clock.advance(UpstreamLogins.LIFETIME.plus(Duration.ofSeconds(1)));
        assertTrue(logins.take("state-3", "browser-1").isEmpty());
    }
}
