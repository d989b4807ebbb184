package io.github.hapismart.conformance;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Date;
import java.util.HexFormat;

/**
 * A client assertion shaped as Inferno builds it: claims {@code iss}, {@code sub}, {@code aud}, {@code exp} exactly
 * five minutes ahead and a {@code jti} of 64 hex characters, no {@code iat}; header {@code alg}, {@code kid},
 * {@code typ: JWT}.
 */
final class InfernoAssertion {

    private static final SecureRandom RANDOM = new SecureRandom();

    private InfernoAssertion() {
    }

    static String build(JWK key, JWSAlgorithm algorithm, String iss, String sub, String aud) {
        byte[] jti = new byte[32];
        RANDOM.nextBytes(jti);
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(iss).subject(sub).audience(aud)
                .expirationTime(Date.from(Instant.ofEpochSecond(Instant.now().getEpochSecond() + 300)))
                .jwtID(HexFormat.of().formatHex(jti)).build();
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(algorithm).keyID(key.getKeyID())
                    .type(JOSEObjectType.JWT).build(), claims);
            JWSSigner signer = "EC".equals(key.getKeyType().getValue())
                    ? new ECDSASigner(key.toECKey()) : new RSASSASigner(key.toRSAKey());
            jwt.sign(signer);
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    static String forClient(AuthInfo auth) {
        return build(auth.key, auth.algorithm, auth.clientId, auth.clientId, auth.tokenUrl);
    }
}
