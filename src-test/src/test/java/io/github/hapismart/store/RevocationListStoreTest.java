package io.github.hapismart.store;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.hapismart.token.RevocationList;
import java.time.Duration;
import java.time.Instant;
import javax.sql.DataSource;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Revoked access tokens and grant families on H2 and PostgreSQL, seen by every node sharing the database. */
class RevocationListStoreTest {

    @RegisterExtension
    final StoreDatabases databases = new StoreDatabases();

    private final MovableClock clock = new MovableClock(Instant.parse("2026-12-01T10:00:00Z"));

    private RevocationList revocations(SmartDatabase db) {
        return new RevocationList(db, clock, Duration.ofSeconds(10));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(DatabaseKind.class)
    void aRevokedAccessTokenIsRevoked(DatabaseKind kind) {
        RevocationList revocations = revocations(databases.open(kind));
        revocations.revokeToken("jti-1", clock.instant().plusSeconds(3600));
        assertTrue(revocations.isRevoked("jti-1", "family-1"));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(DatabaseKind.class)
    void revokingTheSameTokenTwiceIsAccepted(DatabaseKind kind) {
        RevocationList revocations = revocations(databases.open(kind));
        revocations.revokeToken("jti-1", clock.instant().plusSeconds(3600));
        revocations.revokeToken("jti-1", clock.instant().plusSeconds(3600));
        assertTrue(revocations.isRevoked("jti-1", "family-1"));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(DatabaseKind.class)
    void aFamilyRevokedOnOneNodeIsRevokedOnAnotherAfterItsRefreshInterval(DatabaseKind kind) {
        DataSource first = databases.dataSource(kind);
        RevocationList here = revocations(new SmartDatabase(first).migrate());
        RevocationList there = revocations(new SmartDatabase(databases.secondNode(first)));
        there.isRevoked("warm-up", "warm-up");
        here.revokeFamily("family-1", clock.instant().plusSeconds(3600));
        clock.advance(Duration.ofSeconds(11));
        assertTrue(there.isRevoked("jti-2", "family-1"));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(DatabaseKind.class)
    void aRevocationEndsWhenTheTokenWouldHaveExpired(DatabaseKind kind) {
        RevocationList revocations = revocations(databases.open(kind));
        revocations.revokeToken("jti-1", clock.instant().plusSeconds(60));
        clock.advance(Duration.ofSeconds(61));
        assertFalse(revocations.isRevoked("jti-1", "family-1"));
    }
}
