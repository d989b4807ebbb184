package io.github.hapismart.starterit;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;

/**
 * A backend-services client's key pair (ES384), as src-test's {@code BackendClient} has: its public JWK Set for the
 * configuration, and signed client assertions for the token endpoint.
 */
final class BackendKey {

    private final ECKey key;

    BackendKey() {
        try {
            key = new ECKeyGenerator(Curve.P_384).keyID(UUID.randomUUID().toString()).algorithm(JWSAlgorithm.ES384)
                    .keyUse(KeyUse.SIGNATURE).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The public JWK Set, one line of JSON. */
    String publicJwks() {
        return new JWKSet(key.toPublicJWK()).toString(true);
    }

    /** The form of a client_credentials request for {@code scope}, authenticated by a fresh assertion. */
    String tokenForm(String clientId, String tokenEndpoint, String scope) {
        Instant now = Instant.now();
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(clientId).subject(clientId).audience(tokenEndpoint)
                .jwtID(UUID.randomUUID().toString()).issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(Duration.ofMinutes(4)))).build();
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES384).keyID(key.getKeyID())
                    .type(JOSEObjectType.JWT).build(), claims);
            jwt.sign(new ECDSASigner(key));
            return "grant_type=client_credentials&scope=" + Http.encode(scope)
                    + "&client_assertion_type=" + Http.encode("urn:ietf:params:oauth:client-assertion-type:jwt-bearer")
                    + "&client_assertion=" + Http.encode(jwt.serialize());
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
