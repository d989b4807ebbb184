package io.github.hapismart.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.hapismart.token.RefreshTokens;
import io.github.hapismart.token.UserGrant;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Refresh tokens on H2 and PostgreSQL: issue, rotation in one transaction, single rotation, family revocation. */
class RefreshTokensStoreTest {

    @RegisterExtension
    final StoreDatabases databases = new StoreDatabases();

    private final MovableClock clock = new MovableClock(Instant.parse("2026-12-01T10:00:00Z"));

    private RefreshTokens tokens(SmartDatabase db) {
        return new RefreshTokens(db, new TokenHashing(new SecureRandom()), clock, Duration.ofDays(90));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(DatabaseKind.class)
    void anIssuedRefreshTokenIsFoundWithItsGrant(DatabaseKind kind) {
        RefreshTokens tokens = tokens(databases.open(kind));
        UserGrant grant = Grants.offline(clock.instant());
        String token = tokens.issue(grant);
        assertEquals(Optional.of(grant), tokens.find(token).map(RefreshTokens.StoredRefreshToken::grant));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(DatabaseKind.class)
    void aRotatedRefreshTokenIsMarkedRotated(DatabaseKind kind) {
        RefreshTokens tokens = tokens(databases.open(kind));
        UserGrant grant = Grants.offline(clock.instant());
        String token = tokens.issue(grant);
        tokens.rotate(TokenHashing.hash(token), grant);
        assertEquals(Optional.of(clock.instant()),
                tokens.find(token).flatMap(RefreshTokens.StoredRefreshToken::rotatedAt));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(DatabaseKind.class)
    void theSuccessorOfARotatedRefreshTokenIsStoredLive(DatabaseKind kind) {
        RefreshTokens tokens = tokens(databases.open(kind));
        UserGrant grant = Grants.offline(clock.instant());
        String successor = tokens.rotate(TokenHashing.hash(tokens.issue(grant)), grant).orElseThrow();
        assertTrue(tokens.find(successor).filter(t -> t.rotatedAt().isEmpty() && t.revokedAt().isEmpty()).isPresent());
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(DatabaseKind.class)
    void aRotatedRefreshTokenCannotBeRotatedAgain(DatabaseKind kind) {
        RefreshTokens tokens = tokens(databases.open(kind));
        UserGrant grant = Grants.offline(clock.instant());
        String hash = TokenHashing.hash(tokens.issue(grant));
        tokens.rotate(hash, grant);
        assertEquals(Optional.empty(), tokens.rotate(hash, grant));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(DatabaseKind.class)
    void aSecondRotationOfTheSameRefreshTokenStoresNothing(DatabaseKind kind) {
        SmartDatabase db = databases.open(kind);
        RefreshTokens tokens = tokens(db);
        UserGrant grant = Grants.offline(clock.instant());
        String hash = TokenHashing.hash(tokens.issue(grant));
        tokens.rotate(hash, grant);
        tokens.rotate(hash, grant);
        assertEquals(Optional.of(2L), db.queryOne("SELECT count(*) FROM smart_refresh_token", row -> row.getLong(1)));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(DatabaseKind.class)
    void aRevokedRefreshTokenCannotBeRotated(DatabaseKind kind) {
        RefreshTokens tokens = tokens(databases.open(kind));
        UserGrant grant = Grants.offline(clock.instant());
        String token = tokens.issue(grant);
        tokens.revokeFamily(grant.family());
        assertEquals(Optional.empty(), tokens.rotate(TokenHashing.hash(token), grant));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(DatabaseKind.class)
    void revokingAFamilyRevokesItsRefreshTokens(DatabaseKind kind) {
        RefreshTokens tokens = tokens(databases.open(kind));
        UserGrant grant = Grants.offline(clock.instant());
        String token = tokens.issue(grant);
        tokens.revokeFamily(grant.family());
        assertEquals(Optional.of(clock.instant()),
                tokens.find(token).flatMap(RefreshTokens.StoredRefreshToken::revokedAt));
    }
}
