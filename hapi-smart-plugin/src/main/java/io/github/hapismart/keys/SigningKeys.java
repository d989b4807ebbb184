package io.github.hapismart.keys;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.OctetSequenceKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import io.github.hapismart.store.SmartDatabase;
import io.github.hapismart.store.TokenHashing;
import java.security.SecureRandom;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's signing keys: generated on first start, persisted (encrypted by a {@link KeyProtector}) so that
 * tokens survive a restart, and rotated by {@link #rotate()}. Access tokens are signed with an HS256 secret (the
 * default; never published) or an ES256 key, id_tokens with RS256 (required by OpenID Connect). Retired keys stay
 * (the public ones in the JWKS) so tokens in flight still verify.
 */
public final class SigningKeys {

    /**
     * How long this node uses the keys it loaded before reading them again, so that a key rotated on another node
     * sharing the database signs here within this bound. A token signed with a key this node has not loaded yet
     * makes it read the keys at once ({@link #verificationKey}), so it verifies everywhere without waiting.
     */
    public static final Duration RELOAD_INTERVAL = Duration.ofSeconds(30);
    /** The least time between two reads caused by unknown key ids, so that forged kids cannot flood the database. */
    static final Duration UNKNOWN_KID_RELOAD_SPACING = Duration.ofSeconds(2);

    private static final Logger LOG = LoggerFactory.getLogger(SigningKeys.class);
    private static final String LOCK = "signing-keys";

    private final SmartDatabase db;
    private final KeyProtector protector;
    private final Clock clock;
    private final AtomicReference<State> state = new AtomicReference<>();

    private static final List<JWSAlgorithm> ALGORITHMS =
            List.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256, JWSAlgorithm.HS256);

    private record State(JWK rsa, JWK ec, JWK hmac, JWKSet all, Instant loadedAt) {
    }

    private final TokenHashing ids;

    /** Keys whose ids come from a fresh {@link SecureRandom} (tests and tools; the server injects its own source). */
    public SigningKeys(SmartDatabase db, KeyProtector protector, Clock clock) {
        this(db, protector, clock, new TokenHashing(new SecureRandom()));
    }

    /**
     * Loads the keys, making any that are missing. Nodes that start together on an empty database make one set:
     * they take turns under a database lock, and each makes only what it does not find. Fails (never makes new
     * keys) when the stored keys cannot be decrypted with this node's key-encryption key.
     */
    public SigningKeys(SmartDatabase db, KeyProtector protector, Clock clock, TokenHashing ids) {
        this.ids = ids;
        this.db = db;
        this.protector = protector;
        this.clock = clock;
        db.ensureLock(LOCK);
        db.inTransaction(tx -> {
            tx.lock(LOCK);
            List<StoredKey> stored = stored(tx::query);
            ALGORITHMS.stream().filter(alg -> newestActive(stored, alg).isEmpty())
                    .forEach(alg -> generate(tx::update, alg));
            return null;
        });
        load();
    }

    /** The active RSA key (RS256), private part included: signs id_tokens. */
    public JWK rsaSigningKey() {
        return current().rsa();
    }

    /** The active EC P-256 key (ES256), private part included: signs access tokens. */
    public JWK ecSigningKey() {
        return current().ec();
    }

    /** The active HS256 secret: signs access tokens unless they are configured to be ES256. Never published. */
    public JWK hmacSigningKey() {
        return current().hmac();
    }

    /** Every key with its private part (and the HMAC secrets), for verifying tokens this server issued. */
    public JWKSet allKeys() {
        return current().all();
    }

    /**
     * The key (private part and HMAC secrets included) with this id, for verifying a token this server or another
     * node sharing its database issued. An id not loaded yet makes this node read the keys again, at most once per
     * {@link #UNKNOWN_KID_RELOAD_SPACING}.
     */
    public Optional<JWK> verificationKey(String kid) {
        State now = current();
        JWK key = now.all().getKeyByKeyId(kid);
        if (key == null && !now.loadedAt().plus(UNKNOWN_KID_RELOAD_SPACING).isAfter(clock.instant())) {
            key = reload(now).all().getKeyByKeyId(kid);
        }
        return Optional.ofNullable(key);
    }

    /** The public JWKS served at {@code jwks_uri}: active and retired keys, each with kid, alg and use. */
    public JWKSet publicJwks() {
        return new JWKSet(current().all().getKeys().stream()
                .filter(key -> !(key instanceof OctetSequenceKey)).map(JWK::toPublicJWK).toList());
    }

    /**
     * Generates new active keys and retires the current ones; retired keys stay published until
     * {@link #dropRetiredBefore(java.time.Instant)} removes them, after the longest token lifetime has passed.
     * Other nodes sign with the new keys within {@link #RELOAD_INTERVAL} and verify tokens signed with them at once.
     */
    public synchronized void rotate() {
        long now = clock.millis();
        db.inTransaction(tx -> {
            tx.lock(LOCK);
            tx.update("UPDATE smart_signing_key SET retired_at = ? WHERE retired_at IS NULL", now);
            ALGORITHMS.forEach(alg -> generate(tx::update, alg));
            return null;
        });
        load();
    }

    /** Removes keys retired before {@code cutoff} from the database and the JWKS. */
    public synchronized void dropRetiredBefore(java.time.Instant cutoff) {
        db.update("DELETE FROM smart_signing_key WHERE retired_at IS NOT NULL AND retired_at < ?", cutoff.toEpochMilli());
        load();
    }

    /** The keys as loaded, read again from the database once they are {@link #RELOAD_INTERVAL} old. */
    private State current() {
        State loaded = state.get();
        return loaded.loadedAt().plus(RELOAD_INTERVAL).isAfter(clock.instant()) ? loaded : reload(loaded);
    }

    /** Reads the keys again unless another thread just did; keeps the loaded ones if the database fails. */
    private synchronized State reload(State seen) {
        if (state.get() != seen) {
            return state.get();
        }
        try {
            load();
        } catch (RuntimeException e) {
            // Keep signing and verifying with what is loaded: the keys change rarely, the database may be back soon.
            LOG.warn("Could not read the signing keys again; using those loaded at {}: {}", seen.loadedAt(),
                    e.toString());
            state.set(new State(seen.rsa(), seen.ec(), seen.hmac(), seen.all(), clock.instant()));
        }
        return state.get();
    }

    /** Runs one INSERT or UPDATE, on the database or inside a transaction. */
    @FunctionalInterface
    private interface Update {
        int update(String sql, Object... params);
    }

    /** Runs one query, on the database or inside a transaction. */
    @FunctionalInterface
    private interface Query {
        <T> List<T> query(String sql, SmartDatabase.RowMapper<T> mapper, Object... params);
    }

    private void generate(Update statement, JWSAlgorithm alg) {
        String kid = ids.newId();
        try {
            JWK key;
            if (alg.equals(JWSAlgorithm.RS256)) {
                key = new RSAKeyGenerator(2048).keyID(kid).algorithm(alg).keyUse(KeyUse.SIGNATURE).generate();
            } else if (alg.equals(JWSAlgorithm.ES256)) {
                key = new ECKeyGenerator(Curve.P_256).keyID(kid).algorithm(alg).keyUse(KeyUse.SIGNATURE).generate();
            } else {
                key = new OctetSequenceKeyGenerator(256).keyID(kid).algorithm(alg).keyUse(KeyUse.SIGNATURE)
                        .generate();
            }
            statement.update("INSERT INTO smart_signing_key (kid, alg, jwk, encrypted, created_at) "
                            + "VALUES (?, ?, ?, ?, ?)",
                    kid, alg.getName(), protector.protect(key.toJSONString()), protector.encrypts(), clock.millis());
        } catch (JOSEException e) {
            throw new IllegalStateException("Could not generate a " + alg + " key", e);
        }
    }

    private record StoredKey(JWK jwk, long createdAt, boolean retired) {
    }

    private List<StoredKey> stored(Query query) {
        return query.query("SELECT jwk, encrypted, created_at, retired_at FROM smart_signing_key",
                row -> new StoredKey(parse(protector.reveal(row.getString(1), row.getBoolean(2))),
                        row.getLong(3), row.getObject(4) != null));
    }

    private void load() {
        List<StoredKey> keys = stored(db::query);
        List<JWK> all = new ArrayList<>();
        keys.stream().sorted(Comparator.comparingLong(StoredKey::createdAt).reversed()).forEach(k -> all.add(k.jwk()));
        state.set(new State(newestActive(keys, JWSAlgorithm.RS256).orElseThrow(),
                newestActive(keys, JWSAlgorithm.ES256).orElseThrow(),
                newestActive(keys, JWSAlgorithm.HS256).orElseThrow(), new JWKSet(all), clock.instant()));
    }

    private static Optional<JWK> newestActive(List<StoredKey> keys, JWSAlgorithm alg) {
        return keys.stream().filter(k -> !k.retired() && alg.equals(k.jwk().getAlgorithm()))
                .max(Comparator.comparingLong(StoredKey::createdAt)).map(StoredKey::jwk);
    }

    private static JWK parse(String json) {
        try {
            return JWK.parse(json);
        } catch (ParseException e) {
            throw new IllegalStateException("A stored signing key is not a valid JWK", e);
        }
    }
}
