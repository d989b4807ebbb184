package io.github.hapismart.conformance;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.hapismart.it.Http;

/**
 * The steps of Inferno's {@code backend_services_authorization} group (SMART App Launch STU2.2 kit) and of the g(10)
 * kit's {@code bulk_data_authorization} group: the same token requests, with the statuses each kit accepts.
 */
final class BackendServicesSteps {

    static final String JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

    private final Http http;
    private final AuthInfo auth;
    String authenticationResponse;

    BackendServicesSteps(Http http, AuthInfo auth) {
        this.http = http;
        this.auth = auth;
    }

    /** {@code tls_version_test} on the token endpoint. */
    void tokenEndpointTls() {
        Inferno.tlsVersionTest(http, auth.tokenUrl);
    }

    /** The token request Inferno's request builder sends, with one field changed where a step needs it. */
    Http.Response tokenRequest(String grantType, String assertionType, String assertion) {
        return http.postForm(auth.tokenUrl, Inferno.form(Inferno.params("scope", auth.requestedScopes,
                "grant_type", grantType, "client_assertion_type", assertionType, "client_assertion", assertion)),
                "Accept", "application/json");
    }

    Http.Response invalidGrantType() {
        return tokenRequest("not_a_grant_type", JWT_BEARER, InfernoAssertion.forClient(auth));
    }

    Http.Response invalidClientAssertionType() {
        return tokenRequest("client_credentials", "not_an_assertion_type", InfernoAssertion.forClient(auth));
    }

    /** The g(10) kit's invalid JWT: {@code iss} is not the client_id. */
    Http.Response invalidIss() {
        return tokenRequest("client_credentials", JWT_BEARER, InfernoAssertion.build(auth.key, auth.algorithm,
                "not_a_valid_iss", auth.clientId, auth.tokenUrl));
    }

    /** backend_services_auth_request_success / "Authorization request succeeds when supplied correct information". */
    void requestSucceeds() {
        Http.Response response = tokenRequest("client_credentials", JWT_BEARER, InfernoAssertion.forClient(auth));
        Inferno.assertStatus(response, 200, 201);
        authenticationResponse = response.body();
    }

    /** backend_services_auth_response_body: access_token, token_type bearer, numeric expires_in, scope. */
    void responseBody() {
        Inferno.skipIf(authenticationResponse == null, "No authentication response received.");
        JsonNode body = Inferno.assertValidJson(authenticationResponse);
        assertFalse(body.path("access_token").asText("").isBlank(),
                "Token response did not contain access_token as required");
        auth.accessToken = body.path("access_token").asText();
        for (String key : new String[] {"token_type", "expires_in", "scope"}) {
            assertTrue(body.hasNonNull(key) && !body.path(key).asText().isBlank(),
                    "Token response did not contain " + key + " as required");
        }
        assertTrue("bearer".equalsIgnoreCase(body.path("token_type").asText()), "`token_type` must be `bearer`");
        assertTrue(body.path("expires_in").isNumber(), "Expected expires_in to be a Numeric, but found "
                + body.path("expires_in").getNodeType());
        auth.expiresIn = body.path("expires_in").asLong();
    }
}
