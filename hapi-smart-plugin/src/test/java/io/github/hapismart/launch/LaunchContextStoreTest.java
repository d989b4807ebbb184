package io.github.hapismart.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.hapismart.store.MovableClock;
import io.github.hapismart.store.SmartDatabase;
import io.github.hapismart.store.TokenHashing;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

/**
 * EHR launch contexts without a server, on an in-memory H2 and a clock the test moves: bound to one app, used once,
 * valid for exactly their lifetime. (src-test's store tests run the same store on H2 files and PostgreSQL.)
 */
class LaunchContextStoreTest {

    private static final Duration LIFETIME = Duration.ofMinutes(5);
    private static final LaunchContext CONTEXT = LaunchContext.none().withPatient("1005");

    private final MovableClock clock = new MovableClock(Instant.parse("2026-12-01T10:00:00Z"));
    private final LaunchContextStore store = new LaunchContextStore(database(), new TokenHashing(new SecureRandom()),
            clock, LIFETIME);

    private static SmartDatabase database() {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        return new SmartDatabase(ds).migrate();
    }

    @Test
    void theAppItWasCreatedForGetsTheContextOnce() {
        String launch = store.create("app", CONTEXT, "ehr");
        assertEquals(List.of(Optional.of(CONTEXT), Optional.empty()),
                List.of(store.consume("app", launch), store.consume("app", launch)));
    }

    @Test
    void anotherAppsAttemptNeitherGetsTheContextNorUsesItUp() {
        String launch = store.create("app", CONTEXT, "ehr");
        assertEquals(Optional.empty(), store.consume("other-app", launch));
        assertEquals(Optional.of(CONTEXT), store.consume("app", launch));
    }

    @Test
    void theContextIsValidUntilJustBeforeItsLifetimeEnds() {
        String launch = store.create("app", CONTEXT, "ehr");
        clock.advance(LIFETIME.minusMillis(1));
        assertEquals(Optional.of(CONTEXT), store.consume("app", launch));
    }

    @Test
    void theContextHasExpiredOnceItsLifetimeHasPassed() {
        String launch = store.create("app", CONTEXT, "ehr");
        clock.advance(LIFETIME);
        assertEquals(Optional.empty(), store.consume("app", launch));
    }

    @Test
    void anUnknownEmptyOrOverlongValueFindsNothing() {
        store.create("app", CONTEXT, "ehr");
        assertEquals(List.of(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty()),
                List.of(store.consume("app", "unknown"), store.consume("app", ""), store.consume("app", null),
                        store.consume("app", "x".repeat(513))));
    }
}
