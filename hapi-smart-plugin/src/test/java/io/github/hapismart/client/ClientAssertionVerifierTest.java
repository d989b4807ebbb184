package io.github.hapismart.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.github.hapismart.keys.RemoteJwksCache;
import io.github.hapismart.store.MovableClock;
import io.github.hapismart.store.SmartDatabase;
import io.github.hapismart.web.OAuthException;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

/**
 * The private_key_jwt checks of SMART Backend Services, without a server: audience, exp (present, not past, at most
 * five minutes ahead), nbf, jti (present, single use, across nodes sharing the database), the algorithm allow-list
 * and the signature, on a movable clock. Each refusal is invalid_client naming the failed check.
 */
class ClientAssertionVerifierTest {

    private static final String TOKEN_ENDPOINT = "https://ehr.example.org/auth/token";
    private static final String ISSUER = "https://ehr.example.org/fhir";

    private final MovableClock clock = new MovableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final SmartDatabase db = new SmartDatabase(h2()).migrate();
    private final JdbcClientRepository clients = new JdbcClientRepository(db);
    private final ClientAssertionVerifier verifier = newVerifier();
    private static final ECKey ecKey = generateEc("ec-1", Curve.P_384);
    private static final RSAKey rsaKey = generateRsa("rsa-1");

    ClientAssertionVerifierTest() {
        clients.save(client("backend", new JWKSet(List.of(ecKey.toPublicJWK(), rsaKey.toPublicJWK()))));
    }

    @Test
    void anEs384AssertionForTheTokenEndpointAuthenticatesTheClient() {
        assertEquals("backend", verifier.verify(sign(ecKey, JWSAlgorithm.ES384, c -> c), Optional.empty()).clientId());
    }

    @Test
    void rs384AndTheOtherAllowedRsaAlgorithmsAuthenticate() {
        for (JWSAlgorithm alg : List.of(JWSAlgorithm.RS384, JWSAlgorithm.RS256, JWSAlgorithm.PS384)) {
            assertEquals("backend", verifier.verify(sign(rsaKey, alg, c -> c), Optional.of("backend")).clientId(),
                    alg.getName());
        }
    }

    @Test
    void theIssuerIsAcceptedAsAudienceToo() {
        assertEquals("backend", verifier.verify(sign(ecKey, JWSAlgorithm.ES384, c -> c.audience(ISSUER)),
                Optional.empty()).clientId());
    }

    @Test
    void anotherAudienceIsRefused() {
        expectRefused("aud", sign(ecKey, JWSAlgorithm.ES384, c -> c.audience("https://other.example.org/token")));
    }

    @Test
    void anAssertionWithoutExpIsRefused() {
        expectRefused("no exp", sign(ecKey, JWSAlgorithm.ES384, c -> c.expirationTime(null)));
    }

    @Test
    void anAssertionPastItsExpBeyondTheClockSkewIsRefusedButWithinItIsAccepted() {
        String assertion = sign(ecKey, JWSAlgorithm.ES384, c -> c.expirationTime(at(Duration.ofSeconds(60))));
        clock.advance(Duration.ofSeconds(60).plus(ClientAssertionVerifier.CLOCK_SKEW));
        expectRefused("expired", assertion);
        String justExpired = sign(ecKey, JWSAlgorithm.ES384, c -> c.expirationTime(at(Duration.ofSeconds(-30))));
        assertEquals("backend", verifier.verify(justExpired, Optional.empty()).clientId());
    }

    @Test
    void anExpMoreThanFiveMinutesAheadIsRefused() {
        expectRefused("five minutes", sign(ecKey, JWSAlgorithm.ES384,
                c -> c.expirationTime(at(Duration.ofMinutes(5).plus(ClientAssertionVerifier.CLOCK_SKEW)
                        .plusSeconds(1)))));
    }

    @Test
    void anNbfInTheFutureIsRefusedButWithinTheClockSkewIsAccepted() {
        expectRefused("nbf", sign(ecKey, JWSAlgorithm.ES384, c -> c.notBeforeTime(at(Duration.ofMinutes(2)))));
        assertEquals("backend", verifier.verify(sign(ecKey, JWSAlgorithm.ES384,
                c -> c.notBeforeTime(at(Duration.ofSeconds(30)))), Optional.empty()).clientId());
    }

    @Test
    void anAssertionWithoutJtiIsRefused() {
        expectRefused("no jti", sign(ecKey, JWSAlgorithm.ES384, c -> c.jwtID(null)));
    }

    @Test
    void aReplayedJtiIsRefusedOnThisNodeAndOnAnotherSharingTheDatabase() {
        String assertion = sign(ecKey, JWSAlgorithm.ES384, c -> c);
        verifier.verify(assertion, Optional.empty());
        expectRefused("jti has already been used", assertion);
        OAuthException onOtherNode = assertThrows(OAuthException.class,
                () -> newVerifier().verify(assertion, Optional.empty()));
        assertTrue(onOtherNode.error().description().contains("jti has already been used"));
    }

    @Test
    void theSameJtiFromAnotherClientIsNotAReplay() {
        ECKey otherKey = generateEc("other-1", Curve.P_384);
        clients.save(client("other", new JWKSet(otherKey.toPublicJWK())));
        String jti = UUID.randomUUID().toString();
        verifier.verify(sign(ecKey, JWSAlgorithm.ES384, c -> c.jwtID(jti)), Optional.empty());
        assertEquals("other", verifier.verify(sign(otherKey, JWSAlgorithm.ES384,
                c -> c.issuer("other").subject("other").jwtID(jti)), Optional.empty()).clientId());
    }

    @Test
    void hmacAndUnsignedAssertionsAreRefusedByTheAlgorithmAllowList() throws Exception {
        SignedJWT hmac = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims(c -> c).build());
        hmac.sign(new MACSigner(new byte[32]));
        expectRefused("algorithm HS256 is not allowed", hmac.serialize());
        String unsigned = Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\"}".getBytes())
                + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(
                        claims(c -> c).build().toString().getBytes()) + ".";
        expectRefused("not a signed JWT", unsigned);
    }

    @Test
    void aSignatureByAKeyTheClientDidNotRegisterIsRefused() {
        ECKey stranger = generateEc("ec-1", Curve.P_384);
        expectRefused("signature", sign(stranger, JWSAlgorithm.ES384, c -> c));
    }

    @Test
    void aKeyOfTheWrongTypeOrCurveForTheAlgorithmIsNotUsed() {
        ECKey p256 = generateEc("p256", Curve.P_256);
        clients.save(client("curves", new JWKSet(p256.toPublicJWK())));
        // The header says ES384, the only registered key is a P-256 key: no key fits, so nothing verifies.
        expectRefused("signature", signWithHeaderAlg(p256, JWSAlgorithm.ES384, JWSAlgorithm.ES256, "curves"));
    }

    @Test
    void anyTypHeaderIsAccepted() {
        String assertion = sign(ecKey, new JWSHeader.Builder(JWSAlgorithm.ES384).keyID(ecKey.getKeyID())
                .type(new JOSEObjectType("client-authentication+jwt")).build(), c -> c);
        assertEquals("backend", verifier.verify(assertion, Optional.empty()).clientId());
    }

    @Test
    void issDifferentFromSubOrFromTheClientIdParameterIsRefused() {
        expectRefused("iss and sub", sign(ecKey, JWSAlgorithm.ES384, c -> c.subject("someone-else")));
        OAuthException mismatch = assertThrows(OAuthException.class, () -> verifier.verify(
                sign(ecKey, JWSAlgorithm.ES384, c -> c), Optional.of("another-client")));
        assertTrue(mismatch.error().description().contains("client_id does not match"));
    }

    @Test
    void anUnknownIssuerOrAClientOfAnotherMethodIsRefused() {
        expectRefused("not a registered client",
                sign(ecKey, JWSAlgorithm.ES384, c -> c.issuer("nobody").subject("nobody")));
        clients.save(new RegisteredClient("secretive", "Secretive", ClientAuthMethod.CLIENT_SECRET_BASIC,
                Optional.of("{noop}x"), List.of(), Set.of(RegisteredClient.AUTHORIZATION_CODE), "launch",
                Optional.empty(), Optional.empty(), Optional.empty(), clock.instant()));
        expectRefused("not registered for private_key_jwt",
                sign(ecKey, JWSAlgorithm.ES384, c -> c.issuer("secretive").subject("secretive")));
    }

    private void expectRefused(String descriptionPart, String assertion) {
        OAuthException e = assertThrows(OAuthException.class, () -> verifier.verify(assertion, Optional.empty()));
        assertEquals("invalid_client", e.error().code());
        assertEquals(401, e.error().httpStatus());
        assertTrue(e.error().description().contains(descriptionPart), e.error().description());
    }

    private ClientAssertionVerifier newVerifier() {
        return new ClientAssertionVerifier(clients, new RemoteJwksCache(HttpClient.newHttpClient(), clock,
                Duration.ofMinutes(5), Duration.ofSeconds(10)), db, clock, TOKEN_ENDPOINT, ISSUER);
    }

    private Date at(Duration fromNow) {
        return Date.from(clock.instant().plus(fromNow));
    }

    private JWTClaimsSet.Builder claims(UnaryOperator<JWTClaimsSet.Builder> change) {
        return change.apply(new JWTClaimsSet.Builder().issuer("backend").subject("backend").audience(TOKEN_ENDPOINT)
                .jwtID(UUID.randomUUID().toString()).expirationTime(at(Duration.ofMinutes(4))));
    }

    private String sign(JWK key, JWSAlgorithm alg, UnaryOperator<JWTClaimsSet.Builder> change) {
        return sign(key, new JWSHeader.Builder(alg).keyID(key.getKeyID()).build(), change);
    }

    private String sign(JWK key, JWSHeader header, UnaryOperator<JWTClaimsSet.Builder> change) {
        try {
            SignedJWT jwt = new SignedJWT(header, claims(change).build());
            jwt.sign(signer(key));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Signs with {@code key} under {@code signingAlg}, then claims {@code headerAlg} in the header. */
    private String signWithHeaderAlg(ECKey key, JWSAlgorithm headerAlg, JWSAlgorithm signingAlg, String clientId) {
        String signed = sign(key, signingAlg, c -> c.issuer(clientId).subject(clientId));
        String header = Base64.getUrlEncoder().withoutPadding().encodeToString(
                new JWSHeader.Builder(headerAlg).keyID(key.getKeyID()).build().toString().getBytes());
        return header + signed.substring(signed.indexOf('.'));
    }

    private static JWSSigner signer(JWK key) throws JOSEException {
        return key instanceof ECKey ec ? new ECDSASigner(ec) : new RSASSASigner((RSAKey) key);
    }

    private RegisteredClient client(String id, JWKSet publicKeys) {
        return new RegisteredClient(id, id, ClientAuthMethod.PRIVATE_KEY_JWT, Optional.empty(), List.of(),
                Set.of(RegisteredClient.CLIENT_CREDENTIALS), "system/*.rs", Optional.of(publicKeys.toString()),
                Optional.empty(), Optional.empty(), clock.instant());
    }

    private static ECKey generateEc(String kid, Curve curve) {
        try {
            return new ECKeyGenerator(curve).keyID(kid).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static RSAKey generateRsa(String kid) {
        try {
            return new RSAKeyGenerator(2048).keyID(kid).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JdbcDataSource h2() {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:assertions-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        return ds;
    }
}
