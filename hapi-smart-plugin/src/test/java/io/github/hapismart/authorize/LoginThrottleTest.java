package io.github.hapismart.authorize;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import io.github.hapismart.store.SmartDatabase;
import org.junit.jupiter.api.Test;

/** The login throttle per user name and per address, on a controlled clock and a real (in-memory H2) database. */
class LoginThrottleTest {

    private final SmartDatabase db = new SmartDatabase(h2()).migrate();

    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-01T00:00:00Z"));
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    };

    @Test
    void fiveFailuresForOneUserBlockThatUserUntilTheBucketRefills() {
        LoginThrottle throttle = new LoginThrottle(db, clock);
        for (int i = 0; i < LoginThrottle.FAILURES_PER_USER; i++) {
            assertTrue(throttle.waitBefore("alice", "10.0.0." + i).isEmpty());
            throttle.failed("alice", "10.0.0." + i);
        }
        assertTrue(throttle.waitBefore("alice", "10.0.0.99").isPresent(), "the user is throttled from anywhere");
        assertTrue(throttle.waitBefore("bob", "10.0.0.99").isEmpty(), "other users are not");
        now.set(now.get().plus(Duration.ofSeconds(61)));
        assertTrue(throttle.waitBefore("alice", "10.0.0.99").isEmpty(), "one attempt more per minute");
    }

    @Test
    void twoThrottlesOnOneDatabaseCountTheSameFailuresAsNodesOfOneClusterDo() {
        LoginThrottle nodeA = new LoginThrottle(db, clock);
        LoginThrottle nodeB = new LoginThrottle(db, clock);
        for (int i = 0; i < LoginThrottle.FAILURES_PER_USER; i++) {
            (i % 2 == 0 ? nodeA : nodeB).failed("alice", "10.0.0." + i);
        }
        assertTrue(nodeA.waitBefore("alice", "10.0.0.99").isPresent(), "alternating nodes gave extra tries");
        assertTrue(nodeB.waitBefore("alice", "10.0.0.99").isPresent(), "alternating nodes gave extra tries");
    }

    @Test
    void aBucketRefillsOneFailurePerPeriodAndAnEmptyOneDoesNotGoIntoDebt() {
        LoginThrottle throttle = new LoginThrottle(db, clock);
        for (int i = 0; i < 50; i++) { // far more failures than the bucket holds
            throttle.failed("carol", "10.0.1." + i);
        }
        now.set(now.get().plus(Duration.ofSeconds(59)));
        assertTrue(throttle.waitBefore("carol", "10.0.2.1").isPresent(), "refilled before a minute had passed");
        now.set(now.get().plus(Duration.ofSeconds(2)));
        assertTrue(throttle.waitBefore("carol", "10.0.2.1").isEmpty(),
                "a minute after the bucket emptied, one more try is allowed however many failures came after");
    }

    @Test
    void manyFailuresFromOneAddressBlockThatAddressForEveryUser() {
        LoginThrottle throttle = new LoginThrottle(db, clock);
        for (int i = 0; i < LoginThrottle.FAILURES_PER_ADDRESS; i++) {
            throttle.failed("user-" + i, "10.9.9.9");
        }
        assertTrue(throttle.waitBefore("someone-new", "10.9.9.9").isPresent());
        assertTrue(throttle.waitBefore("someone-new", "10.9.9.8").isEmpty());
    }

    private static javax.sql.DataSource h2() {
        org.h2.jdbcx.JdbcDataSource ds = new org.h2.jdbcx.JdbcDataSource();
        ds.setURL("jdbc:h2:mem:throttle-" + java.util.UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        return ds;
    }
}
