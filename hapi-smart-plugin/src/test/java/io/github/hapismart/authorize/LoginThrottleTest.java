package io.github.hapismart.authorize;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The login throttle per user name and per address, on a controlled clock. */
class LoginThrottleTest {

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
        LoginThrottle throttle = new LoginThrottle(clock);
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
    void manyFailuresFromOneAddressBlockThatAddressForEveryUser() {
        LoginThrottle throttle = new LoginThrottle(clock);
        for (int i = 0; i < LoginThrottle.FAILURES_PER_ADDRESS; i++) {
            throttle.failed("user-" + i, "10.9.9.9");
        }
        assertTrue(throttle.waitBefore("someone-new", "10.9.9.9").isPresent());
        assertTrue(throttle.waitBefore("someone-new", "10.9.9.8").isEmpty());
    }
}
