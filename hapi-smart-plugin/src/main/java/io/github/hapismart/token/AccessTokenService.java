package io.github.hapismart.token;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.github.hapismart.config.AccessTokenSigning;
import io.github.hapismart.config.SmartSettings;
import io.github.hapismart.keys.SigningKeys;
import io.github.hapismart.store.TokenHashing;
import io.github.hapismart.scope.AccessGrant;
import io.github.hapismart.scope.ScopeSet;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Objects;
import java.util.Optional;

/**
 * Issues and verifies the server's access tokens: JWTs for the FHIR base as audience, signed with the active HS256
 * secret or ES256 key ({@link SmartSettings#accessTokenSigning()}); tokens of either kind verify, so changing the
 * setting does not end the tokens already issued. Verification checks signature, {@code iss}, {@code aud}, {@code exp}, {@code nbf} and the
 * {@link RevocationList}; a verified token's grant is cached (bounded) until it expires, while revocation is
 * re-checked on every use.
 */
public final class AccessTokenService {

    /** Claim naming the grant family (authorization, refresh chain or consent) a token was issued from. */
    public static final String FAMILY_CLAIM = "fam";
    private static final Duration CLOCK_SKEW = Duration.ofSeconds(30);

    private final SmartSettings settings;
    private final SigningKeys keys;
    private final RevocationList revocations;
    private final Clock clock;
    private final Cache<String, Verified> verified = Caffeine.newBuilder().maximumSize(100_000)
            .expireAfterWrite(Duration.ofMinutes(10)).build();
    /** Signers and verifiers per key id: building one converts the key, which costs more than an HMAC. */
    private final Cache<String, JWSSigner> signers = Caffeine.newBuilder().maximumSize(16).build();
    private final Cache<String, JWSVerifier> verifiers = Caffeine.newBuilder().maximumSize(64).build();

    private record Verified(AccessGrant grant, Optional<String> family) {
    }

    /**
     * What a new access token is for.
     *
     * @param family the grant family, so that revoking an authorization or refresh token ends this token too
     */
    public record TokenRequest(String clientId, String subject, ScopeSet scopes, Optional<String> patient,
                               Optional<String> encounter, Optional<String> fhirUser, Duration lifetime,
                               Optional<String> family) {
        public TokenRequest {
            Objects.requireNonNull(clientId);
            Objects.requireNonNull(subject);
            Objects.requireNonNull(scopes);
            Objects.requireNonNull(patient);
            Objects.requireNonNull(encounter);
            Objects.requireNonNull(fhirUser);
            Objects.requireNonNull(lifetime);
            Objects.requireNonNull(family);
        }
    }

    /** A signed access token and the grant it carries. */
    public record IssuedToken(String value, AccessGrant grant) {
    }

    private final TokenHashing ids;

    public AccessTokenService(SmartSettings settings, SigningKeys keys, RevocationList revocations, Clock clock,
                              TokenHashing ids) {
        this.ids = ids;
        this.settings = settings;
        this.keys = keys;
        this.revocations = revocations;
        this.clock = clock;
    }

    /** Signs a new access token. */
    public IssuedToken issue(TokenRequest request) {
        Instant now = clock.instant();
        Instant expires = now.plus(request.lifetime());
        String jti = ids.newId();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issuer(settings.fhirBaseUrl())
                .audience(settings.fhirBaseUrl())
                .subject(request.subject())
                .jwtID(jti)
                .issueTime(Date.from(now))
                .notBeforeTime(Date.from(now))
                .expirationTime(Date.from(expires))
                .claim("client_id", request.clientId())
                .claim("scope", request.scopes().toString());
        request.patient().ifPresent(p -> claims.claim("patient", p));
        request.encounter().ifPresent(e -> claims.claim("encounter", e));
        request.fhirUser().ifPresent(u -> claims.claim("fhirUser", u));
        request.family().ifPresent(f -> claims.claim(FAMILY_CLAIM, f));
        boolean hmac = settings.accessTokenSigning() == AccessTokenSigning.HS256;
        JWK key = hmac ? keys.hmacSigningKey() : keys.ecSigningKey();
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(hmac ? JWSAlgorithm.HS256 : JWSAlgorithm.ES256)
                    .keyID(key.getKeyID()).type(new JOSEObjectType("at+jwt")).build(), claims.build());
            jwt.sign(signers.get(key.getKeyID(), kid -> signerFor(key)));
            AccessGrant grant = new AccessGrant(jti, request.clientId(), request.subject(), request.scopes(),
                    request.patient(), request.encounter(), request.fhirUser(), expires.truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
            return new IssuedToken(jwt.serialize(), grant);
        } catch (JOSEException e) {
            throw new IllegalStateException("Could not sign an access token", e);
        }
    }

    /** The grant of a valid, unrevoked access token issued by this server; empty for anything else. */
    public Optional<AccessGrant> verify(String token) {
        if (token == null || token.length() > 16_384) {
            return Optional.empty();
        }
        Verified cached = verified.getIfPresent(token);
        if (cached == null) {
            cached = verifySignatureAndClaims(token).orElse(null);
            if (cached == null) {
                return Optional.empty();
            }
            verified.put(token, cached);
        }
        Instant now = clock.instant();
        if (!cached.grant().expiresAt().isAfter(now)) {
            verified.invalidate(token);
            return Optional.empty();
        }
        if (revocations.isRevoked(cached.grant().tokenId(), cached.family().orElse(null))) {
            return Optional.empty();
        }
        return Optional.of(cached.grant());
    }

    private static JWSSigner signerFor(JWK key) {
        try {
            return key instanceof OctetSequenceKey secret ? new MACSigner(secret) : new ECDSASigner(key.toECKey());
        } catch (JOSEException e) {
            throw new IllegalStateException("Unusable access token signing key " + key.getKeyID(), e);
        }
    }

    private static JWSVerifier verifierFor(JWK key) {
        try {
            return key instanceof OctetSequenceKey secret
                    ? new MACVerifier(secret)
                    : new ECDSAVerifier(key.toECKey().toECPublicKey());
        } catch (JOSEException e) {
            throw new IllegalStateException("Unusable access token key " + key.getKeyID(), e);
        }
    }

    /** When a valid token was issued. */
    public Optional<Instant> issuedAt(String token) {
        try {
            return Optional.ofNullable(SignedJWT.parse(token).getJWTClaimsSet().getIssueTime()).map(Date::toInstant);
        } catch (ParseException e) {
            return Optional.empty();
        }
    }

    private Optional<Verified> verifySignatureAndClaims(String token) {
        try {
            SignedJWT jwt = SignedJWT.parse(token);
            JWSAlgorithm alg = jwt.getHeader().getAlgorithm();
            String kid = jwt.getHeader().getKeyID();
            if (kid == null) {
                return Optional.empty();
            }
            JWK key = keys.verificationKey(kid).orElse(null);
            boolean keyFitsAlg = (JWSAlgorithm.ES256.equals(alg) && key instanceof ECKey)
                    || (JWSAlgorithm.HS256.equals(alg) && key instanceof OctetSequenceKey);
            if (!keyFitsAlg || !jwt.verify(verifiers.get(kid, id -> verifierFor(key)))) {
                return Optional.empty();
            }
            JWTClaimsSet claims = jwt.getJWTClaimsSet();
            Instant now = clock.instant();
            if (!settings.fhirBaseUrl().equals(claims.getIssuer())
                    || claims.getAudience() == null || !claims.getAudience().contains(settings.fhirBaseUrl())
                    || claims.getExpirationTime() == null || !claims.getExpirationTime().toInstant().isAfter(now)
                    || (claims.getNotBeforeTime() != null
                        && claims.getNotBeforeTime().toInstant().isAfter(now.plus(CLOCK_SKEW)))
                    || claims.getJWTID() == null || claims.getSubject() == null) {
                return Optional.empty();
            }
            AccessGrant grant = new AccessGrant(claims.getJWTID(),
                    Objects.requireNonNullElse(claims.getStringClaim("client_id"), ""),
                    claims.getSubject(),
                    ScopeSet.parse(Objects.requireNonNullElse(claims.getStringClaim("scope"), "")),
                    Optional.ofNullable(claims.getStringClaim("patient")),
                    Optional.ofNullable(claims.getStringClaim("encounter")),
                    Optional.ofNullable(claims.getStringClaim("fhirUser")),
                    claims.getExpirationTime().toInstant());
            return Optional.of(new Verified(grant, Optional.ofNullable(claims.getStringClaim(FAMILY_CLAIM))));
        } catch (ParseException | JOSEException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
