package io.github.hapismart.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.jwk.JWK;
import io.github.hapismart.keys.KeyProtector;
import io.github.hapismart.keys.SigningKeys;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Signing keys on H2 and PostgreSQL, encrypted at rest: made once, kept across restarts, rotated in place. */
class SigningKeysStoreTest {

    @RegisterExtension
    final StoreDatabases databases = new StoreDatabases();

    @TempDir
    Path keyFolder;

    private final MovableClock clock = new MovableClock(Instant.parse("2026-12-01T10:00:00Z"));

    private SigningKeys keys(SmartDatabase db) {
        return new SigningKeys(db, KeyProtector.fromFile(keyFolder.resolve("kek"), new SecureRandom()), clock);
    }

    private static long storedKeys(SmartDatabase db) {
        return db.queryOne("SELECT count(*) FROM smart_signing_key", row -> row.getLong(1)).orElseThrow();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(DatabaseKind.class)
    void aFirstStartMakesOneKeyPerAlgorithm(DatabaseKind kind) {
        SmartDatabase db = databases.open(kind);
        keys(db);
        assertEquals(3, storedKeys(db));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(DatabaseKind.class)
    void aRestartSignsWithTheSameKey(DatabaseKind kind) {
        SmartDatabase db = databases.open(kind);
        String kid = keys(db).rsaSigningKey().getKeyID();
        assertEquals(kid, keys(db).rsaSigningKey().getKeyID());
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(DatabaseKind.class)
    void storedPrivateKeysAreEncrypted(DatabaseKind kind) {
        SmartDatabase db = databases.open(kind);
        keys(db);
        assertEquals(Optional.of(0L), db.queryOne(
                "SELECT count(*) FROM smart_signing_key WHERE encrypted = FALSE OR jwk LIKE '%\"d\"%'",
                row -> row.getLong(1)));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(DatabaseKind.class)
    void aRetiredPublicKeyStaysPublishedAfterRotation(DatabaseKind kind) {
        SigningKeys keys = keys(databases.open(kind));
        JWK retired = keys.rsaSigningKey();
        clock.advance(java.time.Duration.ofSeconds(1));
        keys.rotate();
        assertTrue(keys.publicJwks().getKeyByKeyId(retired.getKeyID()) != null);
    }
}
