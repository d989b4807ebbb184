package io.github.hapismart.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jwt.SignedJWT;
import io.github.hapismart.it.Http;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * The steps of Inferno's {@code smart_token_introspection_request_group} and
 * {@code smart_token_introspection_response_group}: Inferno, acting as a resource server, introspects the access token
 * of the standalone launch and an invalid token, authenticating with the custom {@code Authorization} header the
 * tester enters (HTTP Basic of a confidential client registered for the purpose).
 */
final class IntrospectionSteps {

    private final Http http;
    private final LaunchSteps launch;
    private final String authorizationHeader;
    private String activeResponse;
    private String invalidResponse;

    IntrospectionSteps(Http http, LaunchSteps launch, AuthInfo resourceServer) {
        this.http = http;
        this.launch = launch;
        this.authorizationHeader = Inferno.basic(resourceServer.clientId, resourceServer.clientSecret);
    }

    private String introspectionUrl(DiscoverySteps discovery) {
        return discovery.configuration == null ? null
                : discovery.configuration.path("introspection_endpoint").asText(null);
    }

    /** "Token introspection endpoint returns a response when provided an active token". */
    void activeTokenRequest(DiscoverySteps discovery) {
        String url = introspectionUrl(discovery);
        Inferno.skipIf(url == null, "No introspection URL present in SMART well-known endpoint.");
        Http.Response response = http.postForm(url, "token=" + launch.auth.accessToken, "Accept", "application/json",
                "Authorization", authorizationHeader);
        Inferno.assertStatus(response, 200);
        activeResponse = response.body();
    }

    /** "Token introspection endpoint returns a response when provided an invalid token". */
    void invalidTokenRequest(DiscoverySteps discovery) {
        String url = introspectionUrl(discovery);
        Inferno.skipIf(url == null, "No introspection URL present in SMART well-known endpoint.");
        Http.Response response = http.postForm(url, "token=invalid_token_value", "Accept", "application/json",
                "Authorization", authorizationHeader);
        Inferno.assertStatus(response, 200);
        invalidResponse = response.body();
    }

    /** "Token introspection response for an active token contains required fields". */
    void activeResponseFields() throws Exception {
        Inferno.skipIf(activeResponse == null, "No introspection response available to validate.");
        JsonNode body = Inferno.assertValidJson(activeResponse);
        assertTrue(body.path("active").isBoolean() && body.path("active").asBoolean(),
                "Failure: expected introspection response for 'active' to be Boolean value true for valid token");
        assertClaim(body, "client_id", launch.auth.clientId);
        assertNotNull(body.get("scope"), "Failure: introspection response has no claim for 'scope'");
        List<String> scopes = Arrays.asList(body.path("scope").asText().split(" "));
        List<String> expected = Arrays.asList(launch.receivedScopes.split(" "));
        assertEquals(expected.size(), scopes.size(), "Failure: number of scopes in introspection response does not "
                + "match number of scopes in access token response");
        assertTrue(scopes.containsAll(expected), "Failure: expected scopes " + expected + " in " + scopes);
        assertNotNull(body.get("exp"), "Failure: introspection response has no claim for 'exp'");
        assertTrue(body.path("exp").asLong() >= Instant.now().getEpochSecond() - 600, "Failure: expired token");
        if (launch.patientId != null) {
            assertClaim(body, "patient", launch.patientId);
        }
        if (launch.encounterId != null) {
            assertClaim(body, "encounter", launch.encounterId);
        }
        if (launch.idToken != null) {
            var claims = SignedJWT.parse(launch.idToken).getJWTClaimsSet();
            assertClaim(body, "iss", claims.getIssuer());
            assertClaim(body, "sub", claims.getSubject());
            // fhirUser is a SHOULD that Inferno only reports (info), so it does not fail the step here either.
            String fhirUser = claims.getStringClaim("fhirUser");
            if (fhirUser != null && !fhirUser.equals(body.path("fhirUser").asText(null))) {
                System.out.println("[info] " + getClass().getSimpleName() + ": introspection fhirUser "
                        + body.path("fhirUser") + " does not match the id_token's " + fhirUser
                        + " (Inferno: 'Introspection response claim for fhirUser SHOULD match value in ID token')");
            }
        }
    }

    /** "Token introspection response for an invalid token contains required fields": {@code active: false} only. */
    void invalidResponseFields() {
        Inferno.skipIf(invalidResponse == null, "No invalid introspection response available to validate.");
        JsonNode body = Inferno.assertValidJson(invalidResponse);
        assertTrue(body.path("active").isBoolean() && !body.path("active").asBoolean(),
                "Failure: expected introspection response for 'active' to be Boolean value false for invalid token");
        assertEquals(1, body.size(), "Introspection response for the invalid token contains more than the status "
                + "(a warning in Inferno)");
    }

    private static void assertClaim(JsonNode body, String claim, String expected) {
        assertNotNull(body.get(claim), "Failure: introspection response has no claim for '" + claim + "'");
        assertEquals(expected.strip(), body.path(claim).asText().strip(), "Failure: expected introspection response "
                + "value for '" + claim + "' to match expected value '" + expected + "'");
    }
}
