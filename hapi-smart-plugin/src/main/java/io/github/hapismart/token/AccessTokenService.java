package io.github.hapismart.token;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import io.github.hapismart.config.AccessTokenSigning;
import io.github.hapismart.config.SmartSettings;
import io.github.hapismart.keys.SigningKeys;
import io.github.hapismart.store.TokenHashing;
import io.github.hapismart.scope.AccessGrant;
import io.github.hapismart.scope.ScopeSet;
import java.security.Key;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Issues and verifies the server's access tokens: JWTs for the FHIR base as audience, signed with the active HS256
 * secret or ES256 key ({@link SmartSettings#accessTokenSigning()}); tokens of either kind verify, so changing the
 * setting does not end the tokens already issued. Verification is nimbus-jose's {@link DefaultJWTProcessor}: the
 * {@code typ} {@code at+jwt} (RFC 9068), the signature by one of the server's keys for an allowed algorithm, and,
 * on the injected {@link Clock}, {@code iss}, {@code aud}, {@code exp}, {@code nbf} (30 seconds of skew) and the
 * presence of {@code sub} and {@code jti}; then the {@link RevocationList}. A verified token's grant is cached
 * (bounded) until it expires, while expiry (without skew) and revocation are re-checked on every use.
 */
public final class AccessTokenService {

    /** Claim naming the grant family (authorization, refresh chain or consent) a token was issued from. */
    public static final String FAMILY_CLAIM = "fam";
    private static final Duration CLOCK_SKEW = Duration.ofSeconds(30);
    /** Launch context names carried as claims; nothing else from a launch may set a claim. */
    public static final Set<String> LAUNCH_CLAIMS = Set.of("fhirContext", "intent", "need_patient_banner",
            "smart_style_url", "tenant");
    private static final Set<String> RESERVED_CLAIMS = Set.of("iss", "aud", "sub", "jti", "iat", "nbf", "exp",
            "client_id", "scope", "patient", "encounter", "fhirUser", FAMILY_CLAIM);

    private final SmartSettings settings;
    private final SigningKeys keys;
    private final RevocationList revocations;
    private final Clock clock;
    /**
     * Verified tokens, read on every FHIR request. Its upkeep runs on the reading thread ({@code executor}): handed
     * to the common pool, it woke a pool thread every few requests, which cost more than the upkeep itself.
     */
    private final Cache<String, Verified> verified = Caffeine.newBuilder().maximumSize(100_000)
            .expireAfterWrite(Duration.ofMinutes(10)).executor(Runnable::run).build();
    /** Signers and Java keys per key id: converting a JWK costs more than an HMAC. */
    private final Cache<String, JWSSigner> signers = Caffeine.newBuilder().maximumSize(16).build();
    private final Cache<String, Key> verificationKeys = Caffeine.newBuilder().maximumSize(64).build();
    private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();

    private record Verified(AccessGrant grant, Optional<String> family) {
    }

    /**
     * What a new access token is for.
     *
     * @param family        the grant family, so that revoking an authorization or refresh token ends this token too
     * @param launchClaims  launch context beyond patient and encounter ({@code fhirContext}, {@code intent},
     *                      {@code need_patient_banner}, {@code smart_style_url}), carried in the token so that
     *                      introspection reports what the token response reported
     */
    public record TokenRequest(String clientId, String subject, ScopeSet scopes, Optional<String> patient,
                               Optional<String> encounter, Optional<String> fhirUser, Duration lifetime,
                               Optional<String> family, Map<String, Object> launchClaims) {

        /** A request without further launch context. */
        public TokenRequest(String clientId, String subject, ScopeSet scopes, Optional<String> patient,
                            Optional<String> encounter, Optional<String> fhirUser, Duration lifetime,
                            Optional<String> family) {
            this(clientId, subject, scopes, patient, encounter, fhirUser, lifetime, family, Map.of());
        }

        public TokenRequest {
            launchClaims = Map.copyOf(launchClaims);
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
    private final Optional<GrantUsage> usage;

    public AccessTokenService(SmartSettings settings, SigningKeys keys, RevocationList revocations, Clock clock,
                              TokenHashing ids) {
        this(settings, keys, revocations, clock, ids, Optional.empty());
    }

    /** A service that also tells {@code usage} each time {@link #check} accepts a user grant's token. */
    public AccessTokenService(SmartSettings settings, SigningKeys keys, RevocationList revocations, Clock clock,
                              TokenHashing ids, Optional<GrantUsage> usage) {
        this.ids = ids;
        this.usage = Objects.requireNonNull(usage, "usage");
        this.settings = settings;
        this.keys = keys;
        this.revocations = revocations;
        this.clock = clock;
        processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(new JOSEObjectType("at+jwt"),
                new JOSEObjectType("application/at+jwt")));
        processor.setJWSKeySelector((header, context) -> verificationKey(header.getAlgorithm(), header.getKeyID()));
        DefaultJWTClaimsVerifier<SecurityContext> claims = new DefaultJWTClaimsVerifier<>(
                Set.of(settings.fhirBaseUrl()), new JWTClaimsSet.Builder().issuer(settings.fhirBaseUrl()).build(),
                Set.of("exp", "sub", "jti"), null) {
            @Override
            protected Date currentTime() {
                return Date.from(AccessTokenService.this.clock.instant());
            }
        };
        claims.setMaxClockSkew((int) CLOCK_SKEW.toSeconds());
        processor.setJWTClaimsSetVerifier(claims);
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
        request.launchClaims().forEach((name, value) -> {
            if (!RESERVED_CLAIMS.contains(name)) {
                claims.claim(name, value);
            }
        });
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

    /**
     * The grant of a valid, unrevoked access token issued by this server; empty for anything else. Unlike
     * {@link #check} it is not a use of the grant (introspection and revocation call it).
     */
    public Optional<AccessGrant> verify(String token) {
        return checkToken(token).check().grant();
    }

    /**
     * The outcome of checking an access token: its grant, or why it was refused, in words fit for
     * {@code WWW-Authenticate}'s {@code error_description} (it names the failed check, never a key or a secret).
     */
    public record Check(Optional<AccessGrant> grant, String problem) {
        static Check ok(AccessGrant grant) {
            return new Check(Optional.of(grant), "");
        }

        static Check refused(String problem) {
            return new Check(Optional.empty(), problem);
        }
    }

    /**
     * Checks {@code token} as {@link #verify} does, saying why a refused token was refused. An accepted token is a
     * use of its grant (the FHIR API's bearer check calls this), remembered by the {@link GrantUsage} if there is
     * one: at most one database write per grant and minute.
     */
    public Check check(String token) {
        Checked checked = checkToken(token);
        if (checked.check().grant().isPresent()) {
            usage.ifPresent(u -> checked.family().ifPresent(u::used));
        }
        return checked.check();
    }

    private record Checked(Check check, Optional<String> family) {
        static Checked refused(String problem) {
            return new Checked(Check.refused(problem), Optional.empty());
        }
    }

    private Checked checkToken(String token) {
        if (token == null || token.isEmpty()) {
            return Checked.refused("The access token is empty");
        }
        if (token.length() > 16_384) {
            return Checked.refused("The access token is too long");
        }
        Verified cached = verified.getIfPresent(token);
        if (cached == null) {
            Object result = verifySignatureAndClaims(token);
            if (result instanceof String problem) {
                return Checked.refused(problem);
            }
            cached = (Verified) result;
            verified.put(token, cached);
        }
        Instant now = clock.instant();
        if (!cached.grant().expiresAt().isAfter(now)) {
            verified.invalidate(token);
            return Checked.refused("The access token has expired");
        }
        if (revocations.isRevoked(cached.grant().tokenId(), cached.family().orElse(null))) {
            return Checked.refused("The access token has been revoked");
        }
        return new Checked(Check.ok(cached.grant()), cached.family());
    }

    private static JWSSigner signerFor(JWK key) {
        try {
            return key instanceof OctetSequenceKey secret ? new MACSigner(secret) : new ECDSASigner(key.toECKey());
        } catch (JOSEException e) {
            throw new IllegalStateException("Unusable access token signing key " + key.getKeyID(), e);
        }
    }

    /**
     * The server's key with this id, as a Java key, if it fits the algorithm (ES256 for EC keys, HS256 for secrets);
     * nothing otherwise, so that the processor refuses the token.
     */
    private List<Key> verificationKey(JWSAlgorithm alg, String kid) {
        if (kid == null) {
            return List.of();
        }
        JWK key = keys.verificationKey(kid).orElse(null);
        boolean fits = (JWSAlgorithm.ES256.equals(alg) && key instanceof ECKey)
                || (JWSAlgorithm.HS256.equals(alg) && key instanceof OctetSequenceKey);
        return fits ? List.of(verificationKeys.get(kid, id -> javaKey(key))) : List.of();
    }

    private static Key javaKey(JWK key) {
        try {
            return key instanceof OctetSequenceKey secret ? secret.toSecretKey() : key.toECKey().toECPublicKey();
        } catch (JOSEException e) {
            throw new IllegalStateException("Unusable access token key " + key.getKeyID(), e);
        }
    }

    /**
     * The launch context claims ({@link #LAUNCH_CLAIMS}) of a token that {@link #verify} accepted, as JSON values;
     * empty for a token that carries none.
     */
    public Map<String, Object> launchClaims(String token) {
        try {
            Map<String, Object> all = SignedJWT.parse(token).getJWTClaimsSet().toJSONObject();
            Map<String, Object> launch = new LinkedHashMap<>();
            all.forEach((name, value) -> {
                if (LAUNCH_CLAIMS.contains(name) && value != null) {
                    launch.put(name, value);
                }
            });
            return launch;
        } catch (ParseException e) {
            return Map.of();
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

    /** The verified token, or (as a String) why it is refused. */
    private Object verifySignatureAndClaims(String token) {
        try {
            JWTClaimsSet claims = processor.process(SignedJWT.parse(token), null);
            AccessGrant grant = new AccessGrant(claims.getJWTID(),
                    Objects.requireNonNullElse(claims.getStringClaim("client_id"), ""),
                    claims.getSubject(),
                    ScopeSet.parse(Objects.requireNonNullElse(claims.getStringClaim("scope"), "")),
                    Optional.ofNullable(claims.getStringClaim("patient")),
                    Optional.ofNullable(claims.getStringClaim("encounter")),
                    Optional.ofNullable(claims.getStringClaim("fhirUser")),
                    claims.getExpirationTime().toInstant());
            return new Verified(grant, Optional.ofNullable(claims.getStringClaim(FAMILY_CLAIM)));
        } catch (ParseException e) {
            return "The access token is not a signed JWT";
        } catch (BadJOSEException e) {
            return problemOf(e);
        } catch (JOSEException | IllegalArgumentException e) {
            return "The access token's signature or claims could not be checked";
        }
    }

    /** Nimbus's refusal in our words: which check failed, never a key or a claim value. */
    private static String problemOf(BadJOSEException e) {
        String message = String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT);
        if (message.contains("expired")) {
            return "The access token has expired";
        }
        if (message.contains("missing required claims")) {
            return "The access token lacks a required claim (jti, sub, exp, iss or aud)";
        }
        if (message.contains("audience") || message.contains("aud claim")) {
            return "The access token is for another audience (aud is not this FHIR server)";
        }
        if (message.contains("issuer") || message.contains("iss claim")) {
            return "The access token was issued by another issuer";
        }
        if (message.contains("before use time")) {
            return "The access token is not valid yet (nbf)";
        }
        if (message.contains("invalid signature")) {
            return "The access token's signature is invalid";
        }
        if (message.contains("no matching key")) {
            return "The access token is signed with a key this server does not know, or with another algorithm";
        }
        if (message.contains("type")) {
            return "The access token is not an access token (typ must be at+jwt)";
        }
        if (message.contains("missing required claims")) {
            return "The access token lacks a required claim (jti, sub, exp, iss or aud)";
        }
        return "The access token was refused";
    }
}
