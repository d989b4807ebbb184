package io.github.hapismart.conformance;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import io.github.hapismart.it.JwksServer;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Inferno's JWK Set URL ({@code /custom/smart_stu2_2/.well-known/jwks.json} on a real Inferno): the public keys of the
 * asymmetric and backend-services clients of one group, served on loopback.
 */
final class InfernoJwks implements AutoCloseable {

    private final JwksServer server = new JwksServer();
    private final List<JWK> keys = new ArrayList<>();

    String url() {
        return server.url();
    }

    /** A new key for {@code algorithm} (RS384 or ES384), published at once. */
    synchronized JWK newKey(JWSAlgorithm algorithm) {
        try {
            JWK key = JWSAlgorithm.ES384.equals(algorithm)
                    ? new ECKeyGenerator(Curve.P_384).keyID(UUID.randomUUID().toString()).algorithm(algorithm)
                            .keyUse(KeyUse.SIGNATURE).generate()
                    : new RSAKeyGenerator(2048).keyID(UUID.randomUUID().toString()).algorithm(algorithm)
                            .keyUse(KeyUse.SIGNATURE).generate();
            keys.add(key);
            server.publish(new JWKSet(keys.stream().map(JWK::toPublicJWK).toList()).toString(true));
            return key;
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.close();
    }
}
