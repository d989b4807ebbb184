package io.github.hapismart.federate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import io.github.hapismart.keys.RemoteJwksCache;
import io.github.hapismart.store.MovableClock;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The id_token checks of federated login, against a provider key set served over HTTP on loopback. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IdTokenCheckTest {

    private static final String ISSUER = "https://idp.example.org/realms/hospital";
    private static final String CLIENT = "smart-on-fhir";
    private static final String NONCE = "nonce-sent";
    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");

    private final MovableClock clock = new MovableClock(NOW);
    private RSAKey providerKey;
    private HttpServer jwksServer;
    private URI jwksUri;
    private IdTokenCheck check;

    @BeforeAll
    void serveKeys() throws JOSEException, IOException {
        providerKey = new RSAKeyGenerator(2048).keyID("idp-1").generate();
        byte[] body = new JWKSet(providerKey.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
        jwksServer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        jwksServer.createContext("/jwks", exchange -> {
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        jwksServer.start();
        jwksUri = URI.create("http://127.0.0.1:" + jwksServer.getAddress().getPort() + "/jwks");
        check = new IdTokenCheck(new RemoteJwksCache(HttpClient.newHttpClient(), clock, Duration.ofMinutes(5),
                Duration.ofSeconds(10)), clock);
    }

    @AfterAll
    void stop() {
        jwksServer.stop(0);
    }

    private JWTClaimsSet.Builder claims() {
        return new JWTClaimsSet.Builder().issuer(ISSUER).audience(CLIENT).subject("user-1").claim("nonce", NONCE)
                .issueTime(Date.from(NOW)).expirationTime(Date.from(NOW.plusSeconds(300)));
    }

    private SignedJWT signed(UnaryOperator<JWTClaimsSet.Builder> change, RSAKey key) throws JOSEException {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(),
                change.apply(claims()).build());
        jwt.sign(new RSASSASigner(key));
        return jwt;
    }

    private String refusal(SignedJWT jwt) {
        return assertThrows(IdTokenCheck.Rejected.class, () -> check.verify(jwt, ISSUER, jwksUri, List.of(),
                CLIENT, NONCE)).getMessage();
    }

    @Test
    void aTokenSignedByTheProviderForThisClientWithTheNonceIsAccepted() throws Exception {
        JWTClaimsSet verified = check.verify(signed(c -> c, providerKey), ISSUER, jwksUri, List.of(), CLIENT, NONCE);
        assertEquals("user-1", verified.getSubject());
    }

    @Test
    void anotherNonceIsRefused() throws JOSEException {
        assertTrue(refusal(signed(c -> c.claim("nonce", "other"), providerKey)).contains("nonce"));
    }

    @Test
    void anotherAudienceIsRefused() throws JOSEException {
        assertTrue(refusal(signed(c -> c.audience("someone-else"), providerKey)).contains("not meant for this server"));
    }

    @Test
    void severalAudiencesNeedThisClientAsAuthorizedParty() throws JOSEException {
        assertTrue(refusal(signed(c -> c.audience(List.of(CLIENT, "other")), providerKey)).contains("azp"));
    }

    @Test
    void anotherIssuerIsRefused() throws JOSEException {
        assertTrue(refusal(signed(c -> c.issuer("https://evil.example"), providerKey)).contains("issued by"));
    }

    @Test
    void anExpiredTokenIsRefusedByTheInjectedClock() throws JOSEException {
        SignedJWT jwt = signed(c -> c, providerKey);
        clock.advance(Duration.ofSeconds(300).plus(IdTokenCheck.CLOCK_SKEW));
        try {
            assertTrue(refusal(jwt).contains("expired"));
        } finally {
            clock.advance(Duration.ofSeconds(-300).minus(IdTokenCheck.CLOCK_SKEW));
        }
    }

    @Test
    void aTokenSignedByAnotherKeyIsRefused() throws JOSEException {
        RSAKey foreign = new RSAKeyGenerator(2048).keyID("idp-1").generate();
        assertTrue(refusal(signed(c -> c, foreign)).contains("signature"));
    }

    @Test
    void anUnsignedTokenIsRefused() {
        PlainJWT plain = new PlainJWT(claims().build());
        assertThrows(IdTokenCheck.Rejected.class, () -> check.verify(plain, ISSUER, jwksUri, List.of(), CLIENT,
                NONCE));
    }

    @Test
    void aSharedSecretAlgorithmIsRefusedEvenWhenAnnounced() throws JOSEException {
        SignedJWT hs = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims().build());
        hs.sign(new MACSigner("a-shared-secret-that-is-32-bytes-long!!"));
        String message = assertThrows(IdTokenCheck.Rejected.class, () -> check.verify(hs, ISSUER, jwksUri,
                List.of(JWSAlgorithm.HS256), CLIENT, NONCE)).getMessage();
        assertTrue(message.contains("HS256"), message);
    }

    @Test
    void keysThatCannotBeFetchedMakeTheProviderUnavailable() throws JOSEException {
        SignedJWT jwt = signed(c -> c, providerKey);
        IdTokenCheck.Rejected rejected = assertThrows(IdTokenCheck.Rejected.class, () -> check.verify(jwt, ISSUER,
                URI.create("http://127.0.0.1:1/jwks"), List.of(), CLIENT, NONCE));
        assertTrue(rejected.unavailable());
    }
}
