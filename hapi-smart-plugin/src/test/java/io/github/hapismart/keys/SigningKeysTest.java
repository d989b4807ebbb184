package io.github.hapismart.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.hapismart.store.MovableClock;
import io.github.hapismart.store.SmartDatabase;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Signing keys shared by several nodes on one (H2) database, as two server nodes share PostgreSQL. */
class SigningKeysTest {

    private final MovableClock clock = new MovableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final SmartDatabase db = new SmartDatabase(h2()).migrate();

    @Test
    void nodesStartingTogetherOnAnEmptyDatabaseMakeOneSetOfKeys(@TempDir Path dir) throws Exception {
        KeyProtector protector = KeyProtector.fromFile(dir.resolve("kek"), new SecureRandom());
        ExecutorService pool = Executors.newFixedThreadPool(4);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<SigningKeys>> nodes = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            nodes.add(pool.submit(() -> {
                go.await();
                return new SigningKeys(db, protector, clock);
            }));
        }
        go.countDown();
        List<String> hmacKids = new ArrayList<>();
        for (Future<SigningKeys> node : nodes) {
            hmacKids.add(node.get().hmacSigningKey().getKeyID());
        }
        pool.shutdown();
        assertEquals(3, db.queryOne("SELECT COUNT(*) FROM smart_signing_key", row -> row.getInt(1)).orElseThrow());
        assertEquals(1, hmacKids.stream().distinct().count(), "nodes sign with different HS256 secrets");
    }

    @Test
    void aKeyRotatedOnOneNodeVerifiesOnTheOtherAtOnceAndSignsThereWithinTheReloadInterval(@TempDir Path dir) {
        KeyProtector protector = KeyProtector.fromFile(dir.resolve("kek"), new SecureRandom());
        SigningKeys nodeA = new SigningKeys(db, protector, clock);
        SigningKeys nodeB = new SigningKeys(db, protector, clock);
        String before = nodeB.hmacSigningKey().getKeyID();
        clock.advance(SigningKeys.UNKNOWN_KID_RELOAD_SPACING);
        nodeA.rotate();
        String rotated = nodeA.hmacSigningKey().getKeyID();
        assertNotEquals(before, rotated);
        assertTrue(nodeB.verificationKey(rotated).isPresent(), "node B cannot verify a token node A signs now");
        clock.advance(SigningKeys.RELOAD_INTERVAL);
        assertEquals(rotated, nodeB.hmacSigningKey().getKeyID(), "node B still signs with the retired key");
    }

    @Test
    void aNodeWithAnotherKeyEncryptionKeyRefusesToStartAndMakesNoKeys(@TempDir Path dir) {
        new SigningKeys(db, KeyProtector.fromFile(dir.resolve("kek-a"), new SecureRandom()), clock);
        KeyProtector other = KeyProtector.fromFile(dir.resolve("kek-b"), new SecureRandom());
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> new SigningKeys(db, other, clock));
        assertTrue(refused.getMessage().contains("same key-encryption key"), refused.getMessage());
        assertEquals(3, db.queryOne("SELECT COUNT(*) FROM smart_signing_key", row -> row.getInt(1)).orElseThrow());
    }

    @Test
    void unknownKeyIdsReadTheDatabaseAtMostOncePerSpacing(@TempDir Path dir) {
        SigningKeys keys = new SigningKeys(db, KeyProtector.fromFile(dir.resolve("kek"), new SecureRandom()), clock);
        clock.advance(SigningKeys.UNKNOWN_KID_RELOAD_SPACING);
        assertTrue(keys.verificationKey("forged-1").isEmpty());
        // A key made by another node right after that read is not seen until the spacing has passed.
        SigningKeys other = new SigningKeys(db, KeyProtector.fromFile(dir.resolve("kek"), new SecureRandom()), clock);
        other.rotate();
        String rotated = other.hmacSigningKey().getKeyID();
        assertTrue(keys.verificationKey(rotated).isEmpty(), "read the database again within the spacing");
        clock.advance(Duration.ofSeconds(2));
        assertTrue(keys.verificationKey(rotated).isPresent());
    }

    @Test
    void rotationRetiresKeysThatStayPublishedAndVerifyingUntilDroppedAfterTheirCutoff() {
        SigningKeys keys = new SigningKeys(db, KeyProtector.none(), clock);
        String oldEc = keys.ecSigningKey().getKeyID();
        String oldRsa = keys.rsaSigningKey().getKeyID();
        String oldHmac = keys.hmacSigningKey().getKeyID();
        clock.advance(Duration.ofMinutes(1));
        keys.rotate();
        Instant rotatedAt = clock.instant();
        assertNotEquals(oldEc, keys.ecSigningKey().getKeyID());
        assertTrue(keys.publicJwks().getKeyByKeyId(oldEc) != null, "the retired EC key left the JWKS");
        assertTrue(keys.publicJwks().getKeyByKeyId(oldRsa) != null, "the retired RSA key left the JWKS");
        assertTrue(keys.publicJwks().getKeyByKeyId(oldHmac) == null, "an HMAC secret was published");
        assertTrue(keys.verificationKey(oldHmac).isPresent(), "tokens under the retired secret stop verifying");
        assertEquals(4, keys.publicJwks().getKeys().size(), "the active and the retired RSA and EC keys");

        keys.dropRetiredBefore(rotatedAt.plusMillis(1));
        assertTrue(keys.publicJwks().getKeyByKeyId(oldEc) == null, "a key retired before the cutoff is still there");
        assertTrue(keys.verificationKey(oldHmac).isEmpty());
        assertEquals(2, keys.publicJwks().getKeys().size());
    }

    private static JdbcDataSource h2() {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:keys-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=30000");
        return ds;
    }
}
