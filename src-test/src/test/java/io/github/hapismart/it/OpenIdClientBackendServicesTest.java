package io.github.hapismart.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The certified OpenID Connect library {@code openid-client}, unchanged, as a SMART backend service: it discovers the
 * server from its openid-configuration and obtains a client_credentials token with a private_key_jwt assertion
 * that it signs itself (ES384).
 */
@ExtendWith(SharedServer.class)
class OpenIdClientBackendServicesTest {

    private final Http http = new Http();

    @Test
    void openidClientObtainsABackendTokenThatReadsTheFhirApi(SampleServerFixture server) {
        BackendClient client = BackendClient.es384().registerWithJwks(http, server, "system/Patient.rs");
        try (NodeScript script = NodeScript.start("oidc-relying-party.mjs", Map.of(
                "ISSUER", server.fhirBase(),
                "CLIENT_ID", client.clientId(),
                "SCOPE", "system/Patient.rs",
                "PRIVATE_JWK", client.key().toJSONString()), "backend")) {
            JsonNode result = script.readJson();
            assertFalse(result.has("error"), result.toString());
            assertEquals("system/Patient.rs", result.path("scope").asText());
            assertTrue(result.path("expiresIn").asInt() <= 300, result.toString());
            Http.Response patients = http.get(server.fhirBase() + "/Patient?_count=2",
                    "Authorization", "Bearer " + result.path("accessToken").asText(),
                    "Accept", "application/fhir+json");
            assertEquals(200, patients.status(), patients.body());
            assertEquals("Bundle", patients.json().path("resourceType").asText());
        }
    }
}
