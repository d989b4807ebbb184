package io.github.hapismart.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/** The discovery documents, JWKS and CapabilityStatement security block of the running sample server. */
@ExtendWith(SharedServer.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DiscoveryTest {

    private final Http http = new Http();
    private SampleServerFixture server;

    @BeforeAll
    void startServer(SampleServerFixture server) {
        this.server = server;
    }

    @Test
    void smartConfigurationHasEveryRequiredAndRecommendedField() {
        Http.Response response = http.get(server.fhirBase() + "/.well-known/smart-configuration");
        assertEquals(200, response.status());
        assertTrue(response.header("Content-Type").startsWith("application/json"), response.header("Content-Type"));
        JsonNode doc = response.json();
        String auth = server.rootUrl() + "/auth";
        assertEquals(server.fhirBase(), doc.path("issuer").asText());
        assertEquals(auth + "/jwks", doc.path("jwks_uri").asText());
        assertEquals(auth + "/authorize", doc.path("authorization_endpoint").asText());
        assertEquals(auth + "/token", doc.path("token_endpoint").asText());
        assertEquals(auth + "/register", doc.path("registration_endpoint").asText());
        assertTrue(strings(doc.path("grant_types_supported")).contains("authorization_code"));
        assertTrue(strings(doc.path("token_endpoint_auth_methods_supported")).contains("private_key_jwt"));
        assertTrue(strings(doc.path("scopes_supported")).contains("openid"));
        assertEquals(List.of("code"), strings(doc.path("response_types_supported")));
        assertTrue(doc.path("capabilities").isArray());
        assertEquals(List.of("S256"), strings(doc.path("code_challenge_methods_supported")));
        assertTrue(strings(doc.path("token_endpoint_auth_signing_alg_values_supported")).containsAll(
                List.of("RS384", "ES384")));
        assertTrue(doc.path("authorization_response_iss_parameter_supported").asBoolean(false), doc.toString());
        assertEquals(server.rootUrl() + "/auth/introspect", doc.path("introspection_endpoint").asText());
        assertEquals(server.rootUrl() + "/auth/revoke", doc.path("revocation_endpoint").asText());
    }

    @Test
    void smartConfigurationAnswersCorsFromAnyOrigin() {
        Http.Response response = http.get(server.fhirBase() + "/.well-known/smart-configuration",
                "Origin", "https://app.example.org", "Accept", "application/json");
        assertEquals(200, response.status());
        assertEquals("*", response.header("Access-Control-Allow-Origin"));
        Http.Response preflight = http.options(server.fhirBase() + "/.well-known/smart-configuration",
                "Origin", "https://app.example.org", "Access-Control-Request-Method", "GET");
        assertEquals(204, preflight.status());
        assertNotNull(preflight.header("Access-Control-Allow-Methods"));
    }

    @Test
    void metadataAnswersCorsAndCarriesTheSmartSecurityExtension() {
        Http.Response response = http.get(server.fhirBase() + "/metadata",
                "Origin", "https://app.example.org", "Accept", "application/fhir+json");
        assertEquals(200, response.status());
        assertEquals("*", response.header("Access-Control-Allow-Origin"));
        JsonNode security = response.json().path("rest").get(0).path("security");
        assertEquals("SMART-on-FHIR", security.path("service").get(0).path("coding").get(0).path("code").asText());
        JsonNode oauthUris = null;
        for (JsonNode extension : security.path("extension")) {
            if (extension.path("url").asText().equals(
                    "http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris")) {
                oauthUris = extension;
            }
        }
        assertNotNull(oauthUris, "oauth-uris extension missing");
        List<String> names = new ArrayList<>();
        oauthUris.path("extension").forEach(e -> names.add(e.path("url").asText()));
        assertTrue(names.containsAll(List.of("authorize", "token", "register")), names.toString());
        oauthUris.path("extension").forEach(e -> assertTrue(
                e.path("valueUri").asText().startsWith(server.rootUrl() + "/auth/"), e.toString()));
    }

    @Test
    void openIdConfigurationNamesTheFhirBaseAsIssuerAndRs256() {
        JsonNode doc = http.get(server.fhirBase() + "/.well-known/openid-configuration").json();
        assertEquals(server.fhirBase(), doc.path("issuer").asText());
        assertEquals(server.rootUrl() + "/auth/jwks", doc.path("jwks_uri").asText());
        assertTrue(strings(doc.path("id_token_signing_alg_values_supported")).contains("RS256"));
        assertTrue(strings(doc.path("subject_types_supported")).contains("public"));
        assertTrue(doc.path("authorization_response_iss_parameter_supported").asBoolean(false), doc.toString());
        assertEquals(server.rootUrl() + "/auth/introspect", doc.path("introspection_endpoint").asText());
        assertEquals(server.rootUrl() + "/auth/revoke", doc.path("revocation_endpoint").asText());
    }

    @Test
    void jwksPublishesOnlyPublicKeysEachWithKidAlgAndUse() {
        Http.Response response = http.get(server.rootUrl() + "/auth/jwks");
        assertEquals(200, response.status());
        JsonNode keys = response.json().path("keys");
        assertTrue(keys.size() >= 2, keys.toString());
        List<String> algs = new ArrayList<>();
        for (JsonNode key : keys) {
            assertFalse(key.path("kid").asText().isEmpty());
            assertEquals("sig", key.path("use").asText());
            algs.add(key.path("alg").asText());
            assertFalse(key.has("d"), "a private key part was published");
            assertFalse(key.has("p"), "a private key part was published");
        }
        assertTrue(algs.containsAll(List.of("RS256", "ES256")), algs.toString());
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(node -> values.add(node.asText()));
        return values;
    }
}
