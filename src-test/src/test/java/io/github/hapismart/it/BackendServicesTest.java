package io.github.hapismart.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/** SMART Backend Services: client_credentials with private_key_jwt, and every refusal with its error code. */
@ExtendWith(SharedServer.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BackendServicesTest {

    private static final String SCOPE = "system/Patient.rs system/Observation.rs";
    private final Http http = new Http();
    private SampleServerFixture server;
    private String tokenEndpoint;

    @BeforeAll
    void startServer(SampleServerFixture server) {
        this.server = server;
        this.tokenEndpoint = server.rootUrl() + "/auth/token";
    }

    private Http.Response token(String form) {
        return http.postForm(tokenEndpoint, form);
    }

    @Test
    void rs384AssertionWithRegisteredJwksObtainsAShortLivedSystemToken() {
        BackendClient client = BackendClient.rs384().registerWithJwks(http, server, SCOPE);
        Http.Response response = token(BackendClient.tokenForm(client.assertion(tokenEndpoint), "system/Patient.rs"));
        assertEquals(200, response.status(), response.body());
        assertEquals("no-store", response.header("Cache-Control"));
        assertEquals("no-cache", response.header("Pragma"));
        assertEquals("Bearer", response.json().path("token_type").asText());
        assertEquals("system/Patient.rs", response.json().path("scope").asText());
        long expiresIn = response.json().path("expires_in").asLong();
        assertTrue(expiresIn > 0 && expiresIn <= 300, "expires_in " + expiresIn);
        assertFalse(response.json().has("refresh_token"));
    }

    @Test
    void es384AssertionWithJwksUriObtainsATokenAndAKeyRotationIsPickedUpAtOnce() throws Exception {
        try (JwksServer jwks = new JwksServer()) {
            BackendClient first = BackendClient.es384();
            jwks.publish(first.publicJwks());
            first.registerWithJwksUri(http, server, jwks.url(), SCOPE);
            assertEquals(200, token(BackendClient.tokenForm(first.assertion(tokenEndpoint), SCOPE)).status());

            // The client rotates to a new key with a new kid; the server refetches once it sees the unknown kid. The
            // refetch limit (two fetches per smart.client-jwks-refetch-interval) leaves one fetch for a rotation, so
            // no waiting is needed; the limit itself is tested on a movable clock in the plugin's RemoteJwksCacheTest.
            BackendClient rotated = BackendClient.es384();
            jwks.publish(rotated.publicJwks());
            String assertion = rotated.sign(rotated.key(), JWSAlgorithm.ES384, tokenEndpoint,
                    claims -> claims.issuer(first.clientId()).subject(first.clientId()));
            Http.Response response = token(BackendClient.tokenForm(assertion, SCOPE));
            assertEquals(200, response.status(), response.body());
            assertEquals(2, jwks.fetches(), "the rotated key set was not refetched exactly once");

            // The retired kid is unknown now; the limit refuses a third fetch, and the cached set does not hold it.
            String oldKeyAssertion = first.assertion(tokenEndpoint);
            expectInvalidClient(token(BackendClient.tokenForm(oldKeyAssertion, SCOPE)), "signature");
            assertEquals(2, jwks.fetches(), "an unknown kid made the server fetch past the refetch limit");
        }
    }

    @Test
    void replayedAssertionIsRefused() {
        BackendClient client = BackendClient.es384().registerWithJwks(http, server, SCOPE);
        String assertion = client.assertion(tokenEndpoint);
        assertEquals(200, token(BackendClient.tokenForm(assertion, SCOPE)).status());
        expectInvalidClient(token(BackendClient.tokenForm(assertion, SCOPE)), "jti");
    }

    @Test
    void assertionWithIssDifferentFromSubIsRefused() {
        BackendClient client = BackendClient.rs384().registerWithJwks(http, server, SCOPE);
        expectInvalidClient(token(BackendClient.tokenForm(
                client.assertion(tokenEndpoint, c -> c.subject("someone-else")), SCOPE)), "iss and sub");
    }

    @Test
    void assertionForAnotherAudienceIsRefused() {
        BackendClient client = BackendClient.rs384().registerWithJwks(http, server, SCOPE);
        expectInvalidClient(token(BackendClient.tokenForm(
                client.assertion(tokenEndpoint, c -> c.audience("https://other.example.org/token")), SCOPE)), "aud");
    }

    @Test
    void assertionWithoutExpIsRefused() {
        BackendClient client = BackendClient.rs384().registerWithJwks(http, server, SCOPE);
        expectInvalidClient(token(BackendClient.tokenForm(
                client.assertion(tokenEndpoint, c -> c.expirationTime(null)), SCOPE)), "exp");
    }

    @Test
    void assertionExpiringMoreThanFiveMinutesAheadIsRefused() {
        BackendClient client = BackendClient.rs384().registerWithJwks(http, server, SCOPE);
        expectInvalidClient(token(BackendClient.tokenForm(client.assertion(tokenEndpoint,
                c -> c.expirationTime(Date.from(Instant.now().plus(Duration.ofMinutes(30))))), SCOPE)), "five minutes");
    }

    @Test
    void expiredAssertionIsRefused() {
        BackendClient client = BackendClient.rs384().registerWithJwks(http, server, SCOPE);
        expectInvalidClient(token(BackendClient.tokenForm(client.assertion(tokenEndpoint,
                c -> c.expirationTime(Date.from(Instant.now().minus(Duration.ofMinutes(10))))), SCOPE)), "expired");
    }

    @Test
    void assertionWithoutJtiIsRefused() {
        BackendClient client = BackendClient.rs384().registerWithJwks(http, server, SCOPE);
        expectInvalidClient(token(BackendClient.tokenForm(
                client.assertion(tokenEndpoint, c -> c.jwtID(null)), SCOPE)), "jti");
    }

    @Test
    void assertionSignedByAnotherKeyIsRefused() {
        BackendClient client = BackendClient.rs384().registerWithJwks(http, server, SCOPE);
        BackendClient stranger = BackendClient.rs384();
        String forged = client.sign(stranger.key(), JWSAlgorithm.RS384, tokenEndpoint, c -> { });
        expectInvalidClient(token(BackendClient.tokenForm(forged, SCOPE)), "signature");
    }

    @Test
    void unsignedAssertionIsRefused() {
        BackendClient client = BackendClient.rs384().registerWithJwks(http, server, SCOPE);
        String header = Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\"}".getBytes());
        String claims = Base64.getUrlEncoder().withoutPadding().encodeToString(("{\"iss\":\"" + client.clientId()
                + "\",\"sub\":\"" + client.clientId() + "\",\"aud\":\"" + tokenEndpoint + "\",\"jti\":\""
                + UUID.randomUUID() + "\",\"exp\":" + (Instant.now().getEpochSecond() + 120) + "}").getBytes());
        expectInvalidClient(token(BackendClient.tokenForm(header + "." + claims + ".", SCOPE)), "signed JWT");
    }

    @Test
    void hmacSignedAssertionIsRefused() throws Exception {
        BackendClient client = BackendClient.rs384().registerWithJwks(http, server, SCOPE);
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), new JWTClaimsSet.Builder()
                .issuer(client.clientId()).subject(client.clientId()).audience(tokenEndpoint)
                .jwtID(UUID.randomUUID().toString()).expirationTime(Date.from(Instant.now().plusSeconds(120))).build());
        jwt.sign(new MACSigner(new byte[32]));
        expectInvalidClient(token(BackendClient.tokenForm(jwt.serialize(), SCOPE)), "algorithm");
    }

    @Test
    void unknownClientIsRefused() {
        BackendClient client = BackendClient.rs384().registerWithJwks(http, server, SCOPE);
        String assertion = client.assertion(tokenEndpoint, c -> c.issuer("nobody").subject("nobody"));
        expectInvalidClient(token(BackendClient.tokenForm(assertion, SCOPE)), "not a registered client");
    }

    @Test
    void wrongAssertionTypeIsInvalidRequest() {
        BackendClient client = BackendClient.rs384().registerWithJwks(http, server, SCOPE);
        String form = BackendClient.tokenForm(client.assertion(tokenEndpoint), SCOPE)
                .replace(BackendClient.encode("urn:ietf:params:oauth:client-assertion-type:jwt-bearer"), "saml");
        Http.Response response = token(form);
        assertEquals(400, response.status(), response.body());
        assertEquals("invalid_request", response.json().path("error").asText());
        assertTrue(response.json().path("error_description").asText().contains("client_assertion_type"));
    }

    @Test
    void scopeBeyondTheRegistrationIsInvalidScope() {
        BackendClient client = BackendClient.rs384().registerWithJwks(http, server, "system/Patient.rs");
        Http.Response response = token(BackendClient.tokenForm(client.assertion(tokenEndpoint), "system/Observation.rs"));
        assertEquals(400, response.status(), response.body());
        assertEquals("invalid_scope", response.json().path("error").asText());
    }

    @Test
    void grantedScopeIsNarrowedToTheRegistration() {
        BackendClient client = BackendClient.rs384().registerWithJwks(http, server, "system/Patient.rs");
        Http.Response response = token(BackendClient.tokenForm(client.assertion(tokenEndpoint),
                "system/Patient.rs system/Observation.rs"));
        assertEquals(200, response.status(), response.body());
        assertEquals("system/Patient.rs", response.json().path("scope").asText());
    }

    @Test
    void missingScopeIsInvalidScope() {
        BackendClient client = BackendClient.rs384().registerWithJwks(http, server, SCOPE);
        Http.Response response = token(BackendClient.tokenForm(client.assertion(tokenEndpoint), "")
                .replace("scope=&", ""));
        assertEquals(400, response.status(), response.body());
        assertEquals("invalid_scope", response.json().path("error").asText());
    }

    @Test
    void unknownGrantTypeIsUnsupportedGrantType() {
        Http.Response response = http.postForm(tokenEndpoint, "grant_type=password&username=a&password=b");
        assertEquals(400, response.status());
        assertEquals("unsupported_grant_type", response.json().path("error").asText());
    }

    @Test
    void repeatedParameterIsInvalidRequest() {
        Http.Response response = http.postForm(tokenEndpoint, "grant_type=client_credentials&grant_type=client_credentials");
        assertEquals(400, response.status());
        assertEquals("invalid_request", response.json().path("error").asText());
    }

    private static void expectInvalidClient(Http.Response response, String descriptionPart) {
        assertEquals(401, response.status(), response.body());
        assertEquals("invalid_client", response.json().path("error").asText(), response.body());
        assertTrue(response.json().path("error_description").asText().contains(descriptionPart), response.body());
        assertTrue(response.header("WWW-Authenticate") != null, "401 without WWW-Authenticate");
        assertEquals("no-store", response.header("Cache-Control"));
    }
}
