package io.github.hapismart.client;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.github.hapismart.keys.RemoteJwksCache;
import io.github.hapismart.store.ExpiryPurge;
import io.github.hapismart.store.SmartDatabase;
import io.github.hapismart.store.StoreException;
import io.github.hapismart.store.TokenHashing;
import io.github.hapismart.web.OAuthError;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Verifies a {@code private_key_jwt} client assertion as SMART Backend Services requires: an asymmetric signature
 * (RS384/ES384 and the other RS/ES/PS algorithms; never {@code none} or HMAC) by one of the client's keys,
 * {@code iss} = {@code sub} = client_id, {@code aud} = the token endpoint (or the issuer), an {@code exp} at most five minutes ahead,
 * and a {@code jti} never seen before (stored until the assertion expires, so replay fails across restarts too).
 * Every failure is {@code invalid_client} saying which check failed.
 */
public final class ClientAssertionVerifier {

    private static final Set<JWSAlgorithm> ALLOWED = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384,
            JWSAlgorithm.RS512, JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512,
            JWSAlgorithm.ES256, JWSAlgorithm.ES384, JWSAlgorithm.ES512);
    private static final Duration MAX_LIFETIME = Duration.ofMinutes(5);
    private static final Duration CLOCK_SKEW = Duration.ofSeconds(60);

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
    /** Verifiers per key instance (identity): the parsed and remote JWKS caches hand out the same instances. */
    private final Cache<JWK, Optional<JWSVerifier>> verifiers = Caffeine.newBuilder().weakKeys()
            .maximumSize(1_000).build();

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
        if (claims.getJWTID() == null || claims.getJWTID().isBlank()) {
            throw fail("client_assertion has no jti");
        }
        if (!signatureVerifies(jwt, client)) {
            throw fail("client_assertion signature does not verify with any of the client's keys");
        }
        recordJti(client.clientId(), claims.getJWTID(), exp.plus(CLOCK_SKEW));
        return client;
    }

    private boolean signatureVerifies(SignedJWT jwt, RegisteredClient client) {
        Optional<String> kid = Optional.ofNullable(jwt.getHeader().getKeyID());
        Optional<JWKSet> keys;
        if (client.jwks().isPresent()) {
            keys = Optional.ofNullable(parsedJwks.get(client.jwks().get(), ClientAssertionVerifier::parseOrNull));
            if (keys.isEmpty()) {
                return false;
            }
        } else {
            keys = remoteKeys.get(client.jwksUri().orElseThrow(), kid);
        }
        if (keys.isEmpty()) {
            throw fail("the client's jwks_uri could not be fetched");
        }
        for (JWK key : keys.get().getKeys()) {
            if (kid.isPresent() && !kid.get().equals(key.getKeyID())) {
                continue;
            }
            if (key.getAlgorithm() != null && !key.getAlgorithm().equals(jwt.getHeader().getAlgorithm())) {
                continue;
            }
            JWSAlgorithm alg = jwt.getHeader().getAlgorithm();
            boolean fits = (JWSAlgorithm.Family.EC.contains(alg) && key instanceof ECKey)
                    || (JWSAlgorithm.Family.RSA.contains(alg) && key instanceof RSAKey);
            if (!fits) {
                continue;
            }
            try {
                Optional<JWSVerifier> verifier = verifiers.get(key, ClientAssertionVerifier::verifierFor);
                if (verifier.isPresent() && jwt.verify(verifier.get())) {
                    return true;
                }
            } catch (JOSEException e) {
                // a key of the wrong shape for this algorithm (e.g. an EC key on another curve); try the next one
            }
        }
        return false;
    }

    private static JWKSet parseOrNull(String jwks) {
        try {
            return JWKSet.parse(jwks);
        } catch (ParseException e) {
            return null;
        }
    }

    /** A verifier for the key; the algorithm family was checked by the caller, the curve is checked on verify. */
    private static Optional<JWSVerifier> verifierFor(JWK key) {
        try {
            if (key instanceof ECKey ec) {
                return Optional.of(new ECDSAVerifier(ec.toECPublicKey()));
            }
            if (key instanceof RSAKey rsa) {
                return Optional.of(new RSASSAVerifier(rsa.toRSAPublicKey()));
            }
        } catch (JOSEException e) {
            // an unusable key (e.g. an unsupported curve) verifies nothing
        }
        return Optional.empty();
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
