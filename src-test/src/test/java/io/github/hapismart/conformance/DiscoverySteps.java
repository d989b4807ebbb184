package io.github.hapismart.conformance;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.hapismart.it.Http;
import io.github.hapismart.it.SampleServerFixture;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The steps of Inferno's {@code smart_discovery_stu2_2} group ({@code well_known_endpoint},
 * {@code well_known_capabilities_stu2}, {@code smart_cors_well_known_endpoint}, {@code smart_cors_metadata_request})
 * and of the g(10) kit's {@code g10_smart_well_known_capabilities}. Holds the outputs they pass on.
 */
final class DiscoverySteps {

    /** Output of well_known_endpoint: the smart-configuration document, for the steps after it. */
    JsonNode configuration;
    private final Http http;
    private final SampleServerFixture server;

    DiscoverySteps(Http http, SampleServerFixture server) {
        this.http = http;
        this.server = server;
    }

    /** well_known_endpoint: 200, valid JSON, Content-Type application/json; outputs the endpoint URLs. */
    void wellKnownEndpoint(AuthInfo auth) {
        Http.Response response = http.get(server.fhirBase() + "/.well-known/smart-configuration",
                "Accept", "application/json");
        Inferno.assertStatus(response, 200);
        JsonNode config = Inferno.assertValidJson(response.body());
        configuration = config;
        String base = server.fhirBase() + "/";
        if (auth != null) {
            auth.authUrl = absolute(base, config.path("authorization_endpoint").asText(null));
            auth.tokenUrl = absolute(base, config.path("token_endpoint").asText(null));
        }
        String contentType = response.header("Content-Type");
        assertNotNull(contentType, "No `Content-Type` header received.");
        assertTrue(contentType.startsWith("application/json"),
                "`Content-Type` must be `application/json`, but received: `" + contentType + "`");
    }

    /** well_known_capabilities_stu2: required fields and their JSON types, S256 without plain, issuer/jwks_uri. */
    void wellKnownCapabilitiesStu2() {
        Inferno.skipIf(configuration == null, "No well-known configuration found");
        Map<String, Class<?>> required = new LinkedHashMap<>();
        required.put("authorization_endpoint", String.class);
        required.put("token_endpoint", String.class);
        required.put("capabilities", List.class);
        required.put("grant_types_supported", List.class);
        required.put("code_challenge_methods_supported", List.class);
        required.forEach((key, type) -> {
            assertTrue(configuration.has(key), "Well-known configuration does not include `" + key + "`");
            JsonNode value = configuration.get(key);
            assertFalse(value.isNull() || (value.isTextual() && value.asText().isBlank())
                    || (value.isArray() && value.isEmpty()), "Well-known configuration field `" + key + "` is blank");
            assertTrue(type == String.class ? value.isTextual() : value.isArray(),
                    "Well-known `" + key + "` must be type: " + (type == String.class ? "string" : "array"));
        });
        assertTrue(strings("grant_types_supported").contains("authorization_code"),
                "Well-known `grant_types_supported` must include `authorization_code` grant type");
        assertTrue(strings("code_challenge_methods_supported").contains("S256"),
                "Well-known `code_challenge_methods_supported` must include `S256`");
        assertFalse(strings("code_challenge_methods_supported").contains("plain"),
                "Well-known `code_challenge_methods_support` must not include `plain`");
        if (strings("capabilities").contains("sso-openid-connect")) {
            assertTrue(configuration.path("issuer").isTextual(), "Well-known `issuer` field must be a string and "
                    + "present when server capabilities includes `sso-openid-connect`");
            assertTrue(configuration.path("jwks_uri").isTextual(), "Well-known `jwks_uri` field must be a string "
                    + "and present when server capabilities includes `sso-openid-connect`");
        }
        for (JsonNode capability : configuration.path("capabilities")) {
            assertTrue(capability.isTextual(), "Well-known `capabilities` field must be an array of strings, but found "
                    + capability);
        }
    }

    /** smart_cors_well_known_endpoint: Access-Control-Allow-Origin is Inferno's origin or {@code *}. */
    void corsWellKnownEndpoint() {
        Http.Response response = http.get(server.fhirBase() + "/.well-known/smart-configuration",
                "Accept", "application/json", "Origin", Inferno.ORIGIN);
        Inferno.assertStatus(response, 200);
        assertAllowsInfernoOrigin(response);
    }

    /** smart_cors_metadata_request: the CapabilityStatement answers with CORS for Inferno's origin. */
    void corsMetadataRequest() {
        Http.Response response = http.get(server.fhirBase() + "/metadata",
                "Accept", "application/fhir+json", "Origin", Inferno.ORIGIN);
        Inferno.assertStatus(response, 200);
        assertAllowsInfernoOrigin(response);
    }

    /** g10_smart_well_known_capabilities: every capability the g(10) scenario needs is listed. */
    void g10WellKnownCapabilities(List<String> requiredCapabilities) {
        Inferno.skipIf(configuration == null, "No well-known SMART configuration found.");
        assertTrue(configuration.path("capabilities").isArray(), "Expected the well-known capabilities to be an "
                + "Array");
        List<String> missing = new ArrayList<>(requiredCapabilities);
        missing.removeAll(strings("capabilities"));
        assertTrue(missing.isEmpty(), "The following capabilities required for this scenario are missing: "
                + String.join(", ", missing));
    }

    List<String> strings(String field) {
        List<String> values = new ArrayList<>();
        configuration.path(field).forEach(node -> values.add(node.asText()));
        return values;
    }

    static void assertAllowsInfernoOrigin(Http.Response response) {
        String allowed = response.header("Access-Control-Allow-Origin");
        assertNotNull(allowed, "No `Access-Control-Allow-Origin` header received.");
        assertTrue(Inferno.ORIGIN.equals(allowed) || "*".equals(allowed),
                "`Access-Control-Allow-Origin` must be `" + Inferno.ORIGIN + "`, but received: `" + allowed + "`");
    }

    private static String absolute(String base, String url) {
        return url == null ? null : URI.create(base).resolve(url).toString();
    }
}
