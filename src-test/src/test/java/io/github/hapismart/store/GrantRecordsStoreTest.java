package io.github.hapismart.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.github.hapismart.token.GrantRecords;
import io.github.hapismart.token.RefreshTokens;
import io.github.hapismart.token.UserGrant;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** What users granted apps, on H2 and PostgreSQL: listed for the user while a token of the grant lives. */
class GrantRecordsStoreTest {

    private static final Duration ACCESS_TOKEN_LIFETIME = Duration.ofHours(1);

    @RegisterExtension
    final StoreDatabases databases = new StoreDatabases();

    private final MovableClock clock = new MovableClock(Instant.parse("2026-12-01T10:00:00Z"));

    @ParameterizedTest(name = "{0}")
    @EnumSource(DatabaseKind.class)
    void aRecordedGrantIsListedForItsUser(DatabaseKind kind) {
        GrantRecords grants = new GrantRecords(databases.open(kind), clock, ACCESS_TOKEN_LIFETIME);
        UserGrant grant = Grants.offline(clock.instant());
        grants.record(grant);
        assertEquals(List.of(grant.family()),
                grants.active("practitioner").stream().map(GrantRecords.ActiveGrant::family).toList());
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(DatabaseKind.class)
    void aGrantIsListedUntilItsRefreshTokenExpires(DatabaseKind kind) {
        SmartDatabase db = databases.open(kind);
        GrantRecords grants = new GrantRecords(db, clock, ACCESS_TOKEN_LIFETIME);
        UserGrant grant = Grants.offline(clock.instant());
        grants.record(grant);
        new RefreshTokens(db, new TokenHashing(new SecureRandom()), clock, Duration.ofDays(90)).issue(grant);
        clock.advance(Duration.ofDays(30));
        assertEquals(List.of(Optional.of(Instant.parse("2026-12-01T10:00:00Z").plus(Duration.ofDays(90)))),
                grants.active("practitioner").stream().map(GrantRecords.ActiveGrant::refreshExpiresAt).toList());
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(DatabaseKind.class)
    void aGrantDoesNotBelongToAnotherUser(DatabaseKind kind) {
        GrantRecords grants = new GrantRecords(databases.open(kind), clock, ACCESS_TOKEN_LIFETIME);
        UserGrant grant = Grants.offline(clock.instant());
        grants.record(grant);
        assertFalse(grants.belongsTo(grant.family(), "patient"));
    }
}
