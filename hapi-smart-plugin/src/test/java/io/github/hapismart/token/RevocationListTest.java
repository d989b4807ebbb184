package io.github.hapismart.token;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.hapismart.store.MovableClock;
import io.github.hapismart.store.SmartDatabase;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

/** The revocation snapshot's bound: another node's revocation takes effect within the refresh interval, never later. */
class RevocationListTest {

    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
    private final MovableClock clock = new MovableClock(START);
    private final SmartDatabase db = database();
    private final RevocationList thisNode = new RevocationList(db, clock, Duration.ofSeconds(5));
    private final RevocationList otherNode = new RevocationList(db, clock, Duration.ofSeconds(5));

    private static SmartDatabase database() {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        return new SmartDatabase(ds).migrate();
    }

    @Test
    void aRevocationOnAnotherNodeTakesEffectHereWithinTheInterval() {
        assertFalse(thisNode.isRevoked("jti-1", null)); // snapshot loaded at START
        otherNode.revokeToken("jti-1", START.plus(Duration.ofHours(1)));
        clock.advance(Duration.ofMillis(2_499));
        assertFalse(thisNode.isRevoked("jti-1", null)); // the snapshot, no query per check
        clock.advance(Duration.ofMillis(2_501));
        assertTrue(thisNode.isRevoked("jti-1", null));
    }

    @Test
    void aSnapshotHalfItsIntervalOldIsReloadedAheadOfTheBound() {
        assertFalse(thisNode.isRevoked("jti-3", "family-1"));
        otherNode.revokeFamily("family-1", START.plus(Duration.ofHours(1)));
        clock.advance(Duration.ofMillis(2_500));
        assertTrue(thisNode.isRevoked("jti-3", "family-1"));
    }

    @Test
    void theRevokingNodeStopsHonouringTheTokenAtOnce() {
        assertFalse(thisNode.isRevoked("jti-2", null));
        thisNode.revokeToken("jti-2", START.plus(Duration.ofHours(1)));
        assertTrue(thisNode.isRevoked("jti-2", null));
    }
}
