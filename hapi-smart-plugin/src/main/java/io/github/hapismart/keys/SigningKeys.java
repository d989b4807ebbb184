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
import java.text.ParseException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The server's signing keys: generated on first start, persisted (encrypted by a {@link KeyProtector}) so that
 * tokens survive a restart, and rotated by {@link #rotate()}. Access tokens are signed with an HS256 secret (the
 * default; never published) or an ES256 key, id_tokens with RS256 (required by OpenID Connect). Retired keys stay
 * (the public ones in the JWKS) so tokens in flight still verify.
 */
public final class SigningKeys {

    private final SmartDatabase db;
    private final KeyProtector protector;
    private final Clock clock;
    private final AtomicReference<State> state = new AtomicReference<>();

    private static final List<JWSAlgorithm> ALGORITHMS =
            List.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256, JWSAlgorithm.HS256);

    private record State(JWK rsa, JWK ec, JWK hmac, JWKSet all) {
    }

    public SigningKeys(SmartDatabase db, KeyProtector protector, Clock clock) {
        this.db = db;
        this.protector = protector;
        this.clock = clock;
        List<JWSAlgorithm> missing = ALGORITHMS.stream()
                .filter(alg -> newestActive(stored(), alg).isEmpty()).toList();
        missing.forEach(this::generate);
        load();
    }

    /** The active RSA key (RS256), private part included: signs id_tokens. */
    public JWK rsaSigningKey() {
        return state.get().rsa();
    }

    /** The active EC P-256 key (ES256), private part included: signs access tokens. */
    public JWK ecSigningKey() {
        return state.get().ec();
    }

    /** The active HS256 secret: signs access tokens unless they are configured to be ES256. Never published. */
    public JWK hmacSigningKey() {
        return state.get().hmac();
    }

    /** Every key with its private part (and the HMAC secrets), for verifying tokens this server issued. */
    public JWKSet allKeys() {
        return state.get().all();
    }

    /** The public JWKS served at {@code jwks_uri}: active and retired keys, each with kid, alg and use. */
    public JWKSet publicJwks() {
        return new JWKSet(state.get().all().getKeys().stream()
                .filter(key -> !(key instanceof OctetSequenceKey)).map(JWK::toPublicJWK).toList());
    }

    /**
     * Generates new active keys and retires the current ones; retired keys stay published until
     * {@link #dropRetiredBefore(java.time.Instant)} removes them, after the longest token lifetime has passed.
     */
    public synchronized void rotate() {
        long now = clock.millis();
        db.update("UPDATE smart_signing_key SET retired_at = ? WHERE retired_at IS NULL", now);
        ALGORITHMS.forEach(this::generate);
        load();
    }

    /** Removes keys retired before {@code cutoff} from the database and the JWKS. */
    public synchronized void dropRetiredBefore(java.time.Instant cutoff) {
        db.update("DELETE FROM smart_signing_key WHERE retired_at IS NOT NULL AND retired_at < ?", cutoff.toEpochMilli());
        load();
    }

    private void generate(JWSAlgorithm alg) {
        String kid = UUID.randomUUID().toString();
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
            db.update("INSERT INTO smart_signing_key (kid, alg, jwk, encrypted, created_at) VALUES (?, ?, ?, ?, ?)",
                    kid, alg.getName(), protector.protect(key.toJSONString()), protector.encrypts(), clock.millis());
        } catch (JOSEException e) {
            throw new IllegalStateException("Could not generate a " + alg + " key", e);
        }
    }

    private record StoredKey(JWK jwk, long createdAt, boolean retired) {
    }

    private List<StoredKey> stored() {
        return db.query("SELECT jwk, encrypted, created_at, retired_at FROM smart_signing_key",
                row -> new StoredKey(parse(protector.reveal(row.getString(1), row.getBoolean(2))),
                        row.getLong(3), row.getObject(4) != null));
    }

    private void load() {
        List<StoredKey> keys = stored();
        List<JWK> all = new ArrayList<>();
        keys.stream().sorted(Comparator.comparingLong(StoredKey::createdAt).reversed()).forEach(k -> all.add(k.jwk()));
        state.set(new State(newestActive(keys, JWSAlgorithm.RS256).orElseThrow(),
                newestActive(keys, JWSAlgorithm.ES256).orElseThrow(),
                newestActive(keys, JWSAlgorithm.HS256).orElseThrow(), new JWKSet(all)));
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
