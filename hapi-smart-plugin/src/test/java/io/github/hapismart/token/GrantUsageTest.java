package io.github.hapismart.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.hapismart.launch.LaunchContext;
import io.github.hapismart.scope.ScopeSet;
import io.github.hapismart.store.MovableClock;
import io.github.hapismart.store.SmartDatabase;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

/**
 * The management page's "last used" and access history without a server, on a clock the test moves: a use is
 * written at once, later uses inside a minute are not written (the FHIR read path stays free of database writes),
 * the next minute's use is; revoked and expired grants move to the history, each user sees only their own.
 */
class GrantUsageTest {

    private static final Instant START = Instant.parse("2026-12-01T10:00:00Z");
    private static final Duration LIFETIME = Duration.ofMinutes(5);

    private final MovableClock clock = new MovableClock(START);
    private final SmartDatabase db = database();
    private final GrantRecords records = new GrantRecords(db, clock, LIFETIME);
    private final GrantUsage usage = new GrantUsage(records, clock);

    private static SmartDatabase database() {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        return new SmartDatabase(ds).migrate();
    }

    private String grant(String user) {
        String family = UUID.randomUUID().toString();
        records.record(new UserGrant("app", user, Optional.empty(), Optional.empty(),
                ScopeSet.parse("launch/patient patient/*.rs"), LaunchContext.none().withPatient("1005"), family,
                Optional.empty(), clock.instant(), Optional.empty()));
        return family;
    }

    private Optional<Instant> lastUsed(String user) {
        return records.active(user).get(0).lastUsedAt();
    }

    @Test
    void aNewGrantIsNotUsedYet() {
        grant("alice");
        assertEquals(Optional.empty(), lastUsed("alice"));
    }

    @Test
    void theFirstUseIsWrittenAtOnce() {
        String family = grant("alice");
        clock.advance(Duration.ofSeconds(10));
        usage.used(family);
        assertEquals(Optional.of(START.plusSeconds(10)), lastUsed("alice"));
    }

    @Test
    void usesWithinAMinuteOfTheWrittenOneAreNotWritten() {
        String family = grant("alice");
        usage.used(family);
        clock.advance(Duration.ofSeconds(59));
        usage.used(family);
        assertEquals(Optional.of(START), lastUsed("alice"));
    }

    @Test
    void aUseAMinuteLaterIsWritten() {
        String family = grant("alice");
        usage.used(family);
        clock.advance(Duration.ofSeconds(61));
        usage.used(family);
        assertEquals(Optional.of(START.plusSeconds(61)), lastUsed("alice"));
    }

    @Test
    void aRevokedGrantMovesToTheHistoryWithItsDates() {
        String family = grant("alice");
        usage.used(family);
        clock.advance(Duration.ofMinutes(2));
        records.markRevoked(family);

        assertTrue(records.active("alice").isEmpty());
        assertEquals(List.of(new GrantRecords.PastGrant(family, "app", "launch/patient patient/*.rs",
                Optional.of("1005"), START, Optional.of(START), Optional.of(START.plus(Duration.ofMinutes(2))))),
                records.ended("alice"));
    }

    @Test
    void aRevokedGrantIsNoLongerMarkedUsed() {
        String family = grant("alice");
        records.markRevoked(family);
        clock.advance(Duration.ofMinutes(2));
        usage.used(family);
        assertEquals(Optional.empty(), records.ended("alice").get(0).lastUsedAt());
    }

    @Test
    void aGrantWithoutRefreshTokenEndsWhenItsAccessTokenExpires() {
        grant("alice");
        clock.advance(LIFETIME.plusSeconds(1));
        assertTrue(records.active("alice").isEmpty());
        assertEquals(Optional.empty(), records.ended("alice").get(0).revokedAt());
    }

    @Test
    void theHistoryHoldsOnlyTheUsersOwnGrants() {
        records.markRevoked(grant("bob"));
        assertTrue(records.ended("alice").isEmpty());
    }
}
