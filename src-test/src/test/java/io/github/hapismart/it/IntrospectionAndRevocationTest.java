package io.github.hapismart.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * RFC 7662 introspection and RFC 7009 revocation of access tokens, and their effect on the FHIR API.
 * The introspecting caller is a confidential backend client (private_key_jwt).
 */
@ExtendWith(SharedServer.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IntrospectionAndRevocationTest {

    private static final String SCOPE = "system/Patient.rs";
    private final Http http = new Http();
    private SampleServerFixture server;
    private String tokenEndpoint;
    private BackendClient client;

    @BeforeAll
    void startServer(SampleServerFixture server) {
        this.server = server;
        this.tokenEndpoint = server.rootUrl() + "/auth/token";
        this.client = BackendClient.es384().registerWithJwks(http, server, SCOPE);
    }

    private String accessToken() {
        Http.Response response = http.postForm(tokenEndpoint,
                BackendClient.tokenForm(client.assertion(tokenEndpoint), SCOPE));
        assertEquals(200, response.status(), response.body());
        return response.json().path("access_token").asText();
    }

    private JsonNode introspect(String token) {
        Http.Response response = http.postForm(server.rootUrl() + "/auth/introspect",
                "token=" + BackendClient.encode(token) + "&client_assertion_type="
                        + BackendClient.encode("urn:ietf:params:oauth:client-assertion-type:jwt-bearer")
                        + "&client_assertion=" + BackendClient.encode(client.assertion(tokenEndpoint)));
        assertEquals(200, response.status(), response.body());
        return response.json();
    }

    private Http.Response revoke(String token) {
        return http.postForm(server.rootUrl() + "/auth/revoke",
                "token=" + BackendClient.encode(token) + "&client_assertion_type="
                        + BackendClient.encode("urn:ietf:params:oauth:client-assertion-type:jwt-bearer")
                        + "&client_assertion=" + BackendClient.encode(client.assertion(tokenEndpoint)));
    }

    @Test
    void activeAccessTokenIsIntrospectedWithItsClaims() {
        JsonNode claims = introspect(accessToken());
        assertTrue(claims.path("active").asBoolean(), claims.toString());
        assertEquals(SCOPE, claims.path("scope").asText());
        assertEquals(client.clientId(), claims.path("client_id").asText());
        assertEquals(client.clientId(), claims.path("sub").asText());
        assertEquals(server.fhirBase(), claims.path("iss").asText());
        assertEquals("Bearer", claims.path("token_type").asText());
        assertTrue(claims.path("exp").asLong() > claims.path("iat").asLong());
    }

    @Test
    void malformedAndForeignTokensAreInactive() {
        assertEquals("{\"active\":false}", introspect("not-a-token").toString());
        String foreign = "eyJhbGciOiJFUzI1NiIsImtpZCI6Im5vIn0.eyJzdWIiOiJ4In0.c2lnbmF0dXJl";
        assertFalse(introspect(foreign).path("active").asBoolean());
    }

    @Test
    void revokedAccessTokenIsInactiveAndRefusedByTheFhirApi() {
        String token = accessToken();
        Http.Response before = http.get(server.fhirBase() + "/Patient?_count=1",
                "Authorization", "Bearer " + token, "Accept", "application/fhir+json");
        assertEquals(200, before.status(), before.body());

        assertEquals(200, revoke(token).status());

        assertFalse(introspect(token).path("active").asBoolean());
        Http.Response after = http.get(server.fhirBase() + "/Patient?_count=1",
                "Authorization", "Bearer " + token, "Accept", "application/fhir+json");
        assertEquals(401, after.status());
        assertTrue(after.header("WWW-Authenticate").contains("invalid_token"), after.header("WWW-Authenticate"));
    }

    @Test
    void revokingAnUnknownTokenStillAnswers200() {
        assertEquals(200, revoke("unknown-token").status());
    }

    @Test
    void aClientCannotRevokeAnotherClientsToken() {
        String token = accessToken();
        BackendClient other = BackendClient.es384().registerWithJwks(http, server, SCOPE);
        Http.Response response = http.postForm(server.rootUrl() + "/auth/revoke",
                "token=" + BackendClient.encode(token) + "&client_assertion_type="
                        + BackendClient.encode("urn:ietf:params:oauth:client-assertion-type:jwt-bearer")
                        + "&client_assertion=" + BackendClient.encode(other.assertion(tokenEndpoint)));
        assertEquals(200, response.status());
        assertTrue(introspect(token).path("active").asBoolean(), "another client revoked the token");
    }

    @Test
    void introspectionWithoutClientAuthenticationIsRefused() {
        Http.Response response = http.postForm(server.rootUrl() + "/auth/introspect", "token=abc");
        assertEquals(401, response.status(), response.body());
        assertEquals("invalid_client", response.json().path("error").asText());
    }

    @Test
    void publicClientsMayNotIntrospect() {
        Http.Response response = http.postForm(server.rootUrl() + "/auth/introspect",
                "token=abc&client_id=demo-app");
        assertEquals(401, response.status(), response.body());
        assertEquals("invalid_client", response.json().path("error").asText());
    }

    @Test
    void fhirApiWithoutTokenAnswers401WithBearerChallenge() {
        Http.Response response = http.get(server.fhirBase() + "/Patient", "Accept", "application/fhir+json");
        assertEquals(401, response.status());
        assertTrue(response.header("WWW-Authenticate").startsWith("Bearer"), response.header("WWW-Authenticate"));
        Http.Response bad = http.get(server.fhirBase() + "/Patient",
                "Authorization", "Bearer garbage", "Accept", "application/fhir+json");
        assertEquals(401, bad.status());
        assertTrue(bad.header("WWW-Authenticate").contains("error=\"invalid_token\""));
    }
}
