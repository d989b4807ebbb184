package io.github.hapismart.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.github.hapismart.token.AuthorizationCodes;
import io.github.hapismart.token.UserGrant;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Authorization codes on H2 and PostgreSQL: stored with their grant, single use, and ending. */
class AuthorizationCodesStoreTest {

    private static final Duration LIFETIME = Duration.ofMinutes(1);

    @RegisterExtension
    final StoreDatabases databases = new StoreDatabases();

    private final MovableClock clock = new MovableClock(Instant.parse("2026-12-01T10:00:00Z"));

    private AuthorizationCodes codes(DatabaseKind kind) {
        return new AuthorizationCodes(databases.open(kind), new TokenHashing(new SecureRandom()), clock, LIFETIME);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(DatabaseKind.class)
    void anIssuedCodeRedeemsToItsGrant(DatabaseKind kind) {
        AuthorizationCodes codes = codes(kind);
        UserGrant grant = Grants.offline(clock.instant());
        String code = codes.issue(grant, "http://localhost:4567/redirect", "challenge");
        assertEquals(Optional.of(grant), codes.redeem(code).map(AuthorizationCodes.StoredCode::grant));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(DatabaseKind.class)
    void aRedeemedCodeIsAReplayTheSecondTime(DatabaseKind kind) {
        AuthorizationCodes codes = codes(kind);
        String code = codes.issue(Grants.offline(clock.instant()), "http://localhost:4567/redirect", "challenge");
        codes.redeem(code);
        assertFalse(codes.redeem(code).orElseThrow().firstUse());
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(DatabaseKind.class)
    void aCodeExpiresAfterItsLifetime(DatabaseKind kind) {
        AuthorizationCodes codes = codes(kind);
        String code = codes.issue(Grants.offline(clock.instant()), "http://localhost:4567/redirect", "challenge");
        assertEquals(Optional.of(clock.instant().plus(LIFETIME)),
                codes.redeem(code).map(AuthorizationCodes.StoredCode::expiresAt));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(DatabaseKind.class)
    void anUnknownCodeDoesNotRedeem(DatabaseKind kind) {
        assertEquals(Optional.empty(), codes(kind).redeem("never-issued"));
    }
}
