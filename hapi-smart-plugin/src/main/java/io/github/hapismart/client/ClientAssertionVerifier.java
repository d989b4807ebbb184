package io.github.hapismart.client;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.factories.DefaultJWSVerifierFactory;
import com.nimbusds.jose.jca.JCAContext;
import com.nimbusds.jose.jwk.AsymmetricJWK;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerifierFactory;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import io.github.hapismart.keys.RemoteJwksCache;
import io.github.hapismart.store.ExpiryPurge;
import io.github.hapismart.store.SmartDatabase;
import io.github.hapismart.store.StoreException;
import io.github.hapismart.store.TokenHashing;
import io.github.hapismart.web.OAuthError;
import java.security.Key;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Verifies a {@code private_key_jwt} client assertion as SMART Backend Services requires: an asymmetric signature
 * (RS384/ES384 and the other RS/ES/PS algorithms; never {@code none} or HMAC) by one of the client's keys,
 * {@code iss} = {@code sub} = client_id, {@code aud} = the token endpoint (or the issuer), an {@code exp} at most five
 * minutes ahead, an {@code nbf} (when present) not in the future, and a {@code jti} never seen before (stored until the
 * assertion expires, so replay fails across restarts and across nodes sharing the database too). Every failure is
 * {@code invalid_client} saying which check failed. Times are the injected {@link Clock}'s, with a minute of skew.
 *
 * <p>The signature and the choice of key (kid, key type, curve and {@code alg} of the JWK, by
 * {@link JWKMatcher#forJWSHeader}) are nimbus-jose's {@link DefaultJWTProcessor}, limited to the allowed algorithms;
 * the Java key and the verifier of each JWK are kept (per key instance, which the JWKS caches share), since building
 * them on every assertion cost more than the check itself (docs/benchmarks.md). The claim
 * checks and the replay check are ours rather than oauth2-oidc-sdk's {@code ClientAuthenticationVerifier}, because
 * that verifier (1) reads the system clock, where the server's clock is injected; (2) has no bound on {@code exp},
 * which SMART sets at five minutes; (3) checks a jti with {@code isExpended} then {@code markExpended}, two steps that
 * two nodes can both pass, where our one {@code INSERT} on the jti's primary key lets exactly one node win; (4) for
 * client secrets compares the secret in clear, where we keep only password-encoder hashes; and (5) reports failures
 * in its own words, where Inferno and our clients are told which claim failed.
 */
public final class ClientAssertionVerifier {

    /** The signature algorithms a client may use: asymmetric only, so that no shared secret can sign. */
    static final Set<JWSAlgorithm> ALLOWED = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384,
            JWSAlgorithm.RS512, JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512,
            JWSAlgorithm.ES256, JWSAlgorithm.ES384, JWSAlgorithm.ES512);
    static final Duration MAX_LIFETIME = Duration.ofMinutes(5);
    static final Duration CLOCK_SKEW = Duration.ofSeconds(60);

    private final ClientRepository clients;
    private final RemoteJwksCache remoteKeys;
    private final SmartDatabase db;
    private final Clock clock;
    private final String tokenEndpoint;
    private final String serverIssuer;
    /**
     * Once a jti row has expired, its assertion is refused by its own {@code exp}; replay is decided by the primary
     * key, so a row kept a little longer only delays its removal.
     */
    private final ExpiryPurge purge;
    /** Registered JWKS documents, parsed, keyed by their text (so an updated registration parses afresh). */
    private final Cache<String, JWKSet> parsedJwks = Caffeine.newBuilder().maximumSize(1_000).build();
    /** Checks the signature only: the claims are checked before, on our clock, with messages of our own. */
    private final DefaultJWTProcessor<ClientKeys> signatureCheck = new DefaultJWTProcessor<>();
    /** Public keys per JWK instance (identity), so that a key is converted once. */
    private final Cache<JWK, Optional<Key>> javaKeys = Caffeine.newBuilder().weakKeys().maximumSize(1_000).build();
    /** Verifiers per Java key instance (identity), built by nimbus's default factory. */
    private final Cache<Key, JWSVerifier> verifiers = Caffeine.newBuilder().weakKeys().maximumSize(1_000).build();

    /** The keys of the client being authenticated, handed to the processor's key selector. */
    private record ClientKeys(JWKSet keys) implements SecurityContext {
    }

    /**
     * @param tokenEndpoint the token endpoint URL, the audience SMART requires
     * @param issuer        the server's issuer identifier, also accepted as audience (RFC 7523bis; OAuth libraries
     *                      such as oauth4webapi use it)
     */
    public ClientAssertionVerifier(ClientRepository clients, RemoteJwksCache remoteKeys, SmartDatabase db,
                                   Clock clock, String tokenEndpoint, String issuer) {
        this.clients = clients;
        this.remoteKeys = remoteKeys;
        this.db = db;
        this.clock = clock;
        this.purge = ExpiryPurge.of(db, clock, "smart_assertion_jti", "expires_at");
        this.tokenEndpoint = tokenEndpoint;
        this.serverIssuer = issuer;
        signatureCheck.setJWSKeySelector(this::keysFor);
        signatureCheck.setJWSVerifierFactory(new CachingVerifierFactory());
        // Any typ: SMART names none, and RFC 7523bis's "client-authentication+jwt" must not be refused.
        signatureCheck.setJWSTypeVerifier((type, context) -> { });
        signatureCheck.setJWTClaimsSetVerifier(null);
    }

    /** The client whose assertion this is, if every check passes. */
    public RegisteredClient verify(String assertion, Optional<String> clientIdParameter) {
        SignedJWT jwt;
        JWTClaimsSet claims;
        try {
            jwt = SignedJWT.parse(assertion);
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            throw fail("client_assertion is not a signed JWT");
        }
        JWSAlgorithm alg = jwt.getHeader().getAlgorithm();
        if (!ALLOWED.contains(alg)) {
            throw fail("client_assertion algorithm " + alg + " is not allowed (use RS384 or ES384)");
        }
        String issuer = claims.getIssuer();
        if (issuer == null || !issuer.equals(claims.getSubject())) {
            throw fail("client_assertion iss and sub must both be the client_id");
        }
        if (clientIdParameter.isPresent() && !clientIdParameter.get().equals(issuer)) {
            throw fail("client_id does not match the client_assertion issuer");
        }
        RegisteredClient client = clients.findById(issuer)
                .orElseThrow(() -> fail("client_assertion issuer is not a registered client"));
        if (client.authMethod() != ClientAuthMethod.PRIVATE_KEY_JWT) {
            throw fail("the client is not registered for private_key_jwt");
        }
        List<String> audience = claims.getAudience();
        if (audience == null || !(audience.contains(tokenEndpoint) || audience.contains(serverIssuer))) {
            throw fail("client_assertion aud must be the token endpoint " + tokenEndpoint + " (got " + audience + ")");
        }
        Instant now = clock.instant();
        if (claims.getExpirationTime() == null) {
            throw fail("client_assertion has no exp");
        }
        Instant exp = claims.getExpirationTime().toInstant();
        if (!exp.isAfter(now.minus(CLOCK_SKEW))) {
            throw fail("client_assertion has expired");
        }
        if (exp.isAfter(now.plus(MAX_LIFETIME).plus(CLOCK_SKEW))) {
            throw fail("client_assertion exp is more than five minutes in the future");
        }
        if (claims.getNotBeforeTime() != null && claims.getNotBeforeTime().toInstant().isAfter(now.plus(CLOCK_SKEW))) {
            throw fail("client_assertion is not valid yet (nbf is in the future)");
        }
        if (claims.getJWTID() == null || claims.getJWTID().isBlank()) {
            throw fail("client_assertion has no jti");
        }
        if (!signatureVerifies(jwt, keysOf(client, Optional.ofNullable(jwt.getHeader().getKeyID())))) {
            throw fail("client_assertion signature does not verify with any of the client's keys");
        }
        recordJti(client.clientId(), claims.getJWTID(), exp.plus(CLOCK_SKEW));
        return client;
    }

    /** The client's keys: registered with it, or fetched from its jwks_uri (refetched for an unknown kid). */
    private Optional<JWKSet> keysOf(RegisteredClient client, Optional<String> kid) {
        if (client.jwks().isPresent()) {
            return Optional.ofNullable(parsedJwks.get(client.jwks().get(), ClientAssertionVerifier::parseOrNull));
        }
        return Optional.of(remoteKeys.get(client.jwksUri().orElseThrow(), kid)
                .orElseThrow(() -> fail("the client's jwks_uri could not be fetched")));
    }

    private boolean signatureVerifies(SignedJWT jwt, Optional<JWKSet> keys) {
        if (keys.isEmpty()) {
            return false;
        }
        try {
            signatureCheck.process(jwt, new ClientKeys(keys.get()));
            return true;
        } catch (BadJOSEException | JOSEException e) {
            // No key of the client fits the header, or none verifies the signature.
            return false;
        }
    }

    /** The client's keys that fit the header (kid, type, curve, alg), for an allowed algorithm only. */
    private List<Key> keysFor(JWSHeader header, ClientKeys client) {
        if (!ALLOWED.contains(header.getAlgorithm())) {
            return List.of();
        }
        List<Key> keys = new ArrayList<>();
        for (JWK jwk : new JWKSelector(JWKMatcher.forJWSHeader(header)).select(client.keys())) {
            javaKeys.get(jwk, ClientAssertionVerifier::publicKey).ifPresent(keys::add);
        }
        return keys;
    }

    private static Optional<Key> publicKey(JWK jwk) {
        try {
            return jwk instanceof AsymmetricJWK asymmetric ? Optional.of(asymmetric.toPublicKey()) : Optional.empty();
        } catch (JOSEException e) {
            // an unusable key (e.g. an unsupported curve) verifies nothing
            return Optional.empty();
        }
    }

    /** nimbus's default verifier factory, with one verifier kept per key. */
    private final class CachingVerifierFactory implements JWSVerifierFactory {
        private final DefaultJWSVerifierFactory factory = new DefaultJWSVerifierFactory();

        @Override
        public JWSVerifier createJWSVerifier(JWSHeader header, Key key) throws JOSEException {
            JWSVerifier cached = verifiers.getIfPresent(key);
            if (cached != null && cached.supportedJWSAlgorithms().contains(header.getAlgorithm())) {
                return cached;
            }
            JWSVerifier verifier = factory.createJWSVerifier(header, key);
            verifiers.put(key, verifier);
            return verifier;
        }

        @Override
        public Set<JWSAlgorithm> supportedJWSAlgorithms() {
            return factory.supportedJWSAlgorithms();
        }

        @Override
        public JCAContext getJCAContext() {
            return factory.getJCAContext();
        }
    }

    private static JWKSet parseOrNull(String jwks) {
        try {
            return JWKSet.parse(jwks);
        } catch (ParseException e) {
            return null;
        }
    }

    private void recordJti(String clientId, String jti, Instant keepUntil) {
        purge.runIfDue();
        try {
            db.update("INSERT INTO smart_assertion_jti (client_id, jti_hash, expires_at) VALUES (?, ?, ?)",
                    clientId, TokenHashing.hash(jti), keepUntil.toEpochMilli());
        } catch (StoreException e) {
            if (SmartDatabase.isDuplicateKey(e)) {
                throw fail("client_assertion jti has already been used");
            }
            throw e;
        }
    }

    private static RuntimeException fail(String description) {
        return OAuthError.invalidClient(description).exception();
    }
}
