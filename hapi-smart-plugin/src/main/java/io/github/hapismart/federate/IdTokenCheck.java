package io.github.hapismart.federate;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.factories.DefaultJWSVerifierFactory;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyType;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.AsymmetricJWK;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.github.hapismart.keys.RemoteJwksCache;
import java.net.URI;
import java.security.Key;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Checks an upstream id_token (OpenID Connect Core 1.0, section 3.1.3.7): signed with an asymmetric algorithm the
 * provider announces (never {@code none} or a shared-secret HS algorithm), by a key of the provider's JWKS (an
 * unknown {@code kid} refetches the set, at most every 10 s), issued by the configured issuer, for this client
 * ({@code aud}, and {@code azp} when there are several audiences), not expired, and carrying the {@code nonce} this
 * server sent. Time comes from the injected clock, with {@link #CLOCK_SKEW} of tolerance.
 */
final class IdTokenCheck {

    /** Tolerated clock difference between the provider and this server. */
    static final Duration CLOCK_SKEW = Duration.ofSeconds(60);

    private static final Set<JWSAlgorithm> ASYMMETRIC = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384,
            JWSAlgorithm.RS512, JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512, JWSAlgorithm.ES256,
            JWSAlgorithm.ES384, JWSAlgorithm.ES512, JWSAlgorithm.EdDSA, JWSAlgorithm.Ed25519);

    /** Why an id_token was refused: {@code unavailable} when the provider's keys could not be fetched. */
    static final class Rejected extends Exception {
        private final boolean unavailable;

        Rejected(String message, boolean unavailable) {
            super(message, null, false, false);
            this.unavailable = unavailable;
        }

        boolean unavailable() {
            return unavailable;
        }
    }

    private final RemoteJwksCache jwks;
    private final Clock clock;

    IdTokenCheck(RemoteJwksCache jwks, Clock clock) {
        this.jwks = jwks;
        this.clock = clock;
    }

    /**
     * The verified claims of {@code idToken}.
     *
     * @param allowedAlgorithms the provider's {@code id_token_signing_alg_values_supported} (empty: RS256 only, the
     *                          default of OpenID Connect Discovery)
     */
    JWTClaimsSet verify(JWT idToken, String issuer, URI jwksUri, List<JWSAlgorithm> allowedAlgorithms,
                        String clientId, String expectedNonce) throws Rejected {
        if (!(idToken instanceof SignedJWT signed)) {
            throw new Rejected("the id_token is not signed", false);
        }
        JWSAlgorithm alg = signed.getHeader().getAlgorithm();
        List<JWSAlgorithm> announced = allowedAlgorithms.isEmpty() ? List.of(JWSAlgorithm.RS256) : allowedAlgorithms;
        if (!ASYMMETRIC.contains(alg) || !announced.contains(alg)) {
            throw new Rejected("the id_token is signed with " + alg + ", which is not accepted", false);
        }
        verifySignature(signed, jwksUri);
        JWTClaimsSet claims;
        try {
            claims = signed.getJWTClaimsSet();
        } catch (ParseException e) {
            throw new Rejected("the id_token's claims cannot be read", false);
        }
        if (!issuer.equals(claims.getIssuer())) {
            throw new Rejected("the id_token was issued by " + claims.getIssuer() + ", not by " + issuer, false);
        }
        List<String> audience = Optional.ofNullable(claims.getAudience()).orElse(List.of());
        if (!audience.contains(clientId)) {
            throw new Rejected("the id_token is not meant for this server (audience " + audience + ")", false);
        }
        Object azp = claims.getClaim("azp");
        if ((audience.size() > 1 || azp != null) && !clientId.equals(azp)) {
            throw new Rejected("the id_token was issued to another party (azp " + azp + ")", false);
        }
        Instant now = clock.instant();
        Date exp = claims.getExpirationTime();
        if (exp == null || !now.isBefore(exp.toInstant().plus(CLOCK_SKEW))) {
            throw new Rejected("the id_token has expired", false);
        }
        Date iat = claims.getIssueTime();
        if (iat == null || iat.toInstant().isAfter(now.plus(CLOCK_SKEW))) {
            throw new Rejected("the id_token's issue time is missing or in the future", false);
        }
        Object nonce = claims.getClaim("nonce");
        if (!expectedNonce.equals(nonce)) {
            throw new Rejected("the id_token's nonce is not the one this server sent", false);
        }
        if (claims.getSubject() == null || claims.getSubject().isEmpty() || claims.getSubject().length() > 255) {
            throw new Rejected("the id_token has no usable subject", false);
        }
        return claims;
    }

    private void verifySignature(SignedJWT signed, URI jwksUri) throws Rejected {
        Optional<String> kid = Optional.ofNullable(signed.getHeader().getKeyID());
        JWKSet keySet = jwks.get(jwksUri, kid)
                .orElseThrow(() -> new Rejected("its signing keys could not be fetched", true));
        JWSAlgorithm alg = signed.getHeader().getAlgorithm();
        JWKMatcher matcher = new JWKMatcher.Builder().keyType(KeyType.forAlgorithm(alg))
                .keyID(kid.orElse(null)).keyUses(KeyUse.SIGNATURE, null).build();
        List<JWK> candidates = new JWKSelector(matcher).select(keySet);
        for (JWK candidate : candidates) {
            if (candidate.getAlgorithm() != null && !candidate.getAlgorithm().equals(alg)) {
                continue;
            }
            try {
                Key key = ((AsymmetricJWK) candidate).toPublicKey();
                JWSVerifier verifier = new DefaultJWSVerifierFactory().createJWSVerifier(signed.getHeader(), key);
                if (signed.verify(verifier)) {
                    return;
                }
            } catch (JOSEException | ClassCastException e) {
                // not a usable key for this algorithm: try the next one
            }
        }
        throw new Rejected("the id_token's signature does not match the provider's keys", false);
    }
}
