package io.github.hapismart.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The sample server's User-Access Brand Bundle over HTTP, as Inferno's SMART Access Brands suite retrieves and checks
 * it: found from smart-configuration, 200 with CORS and a weak ETag, a FHIR JSON collection Bundle with a timestamp,
 * the primary brand identifier matching exactly one Organization, every Endpoint referenced by an Organization, and
 * each Endpoint's address a FHIR base whose {@code /metadata} answers a CapabilityStatement.
 */
@ExtendWith(SharedServer.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UserAccessBrandsTest {

    private final Http http = new Http();
    private JsonNode configuration;
    private String bundleUrl;

    @BeforeAll
    void discover(SampleServerFixture server) {
        configuration = http.get(server.fhirBase() + "/.well-known/smart-configuration").json();
        bundleUrl = configuration.path("user_access_brand_bundle").asText();
    }

    private static List<JsonNode> resources(JsonNode bundle, String type) {
        List<JsonNode> found = new ArrayList<>();
        bundle.path("entry").forEach(entry -> {
            if (type.equals(entry.path("resource").path("resourceType").asText())) {
                found.add(entry.path("resource"));
            }
        });
        return found;
    }

    @Test
    void theBundleIsServedAsFhirJsonWithCorsAndAWeakEtag() {
        Http.Response response = http.get(bundleUrl, "Origin", "https://app.example.org");
        assertEquals(200, response.status(), response.body());
        assertTrue(response.header("Content-Type").startsWith("application/fhir+json"), response.header("Content-Type"));
        String allowed = response.header("Access-Control-Allow-Origin");
        assertTrue("*".equals(allowed) || "https://app.example.org".equals(allowed), allowed);
        assertTrue(response.header("ETag").startsWith("W/\""), response.header("ETag"));
    }

    @Test
    void aMatchingIfNoneMatchAnswers304WithoutABody() {
        String etag = http.get(bundleUrl).header("ETag");
        Http.Response again = http.get(bundleUrl, "If-None-Match", etag);
        assertEquals(304, again.status());
        assertTrue(again.body().isEmpty());
        assertEquals(200, http.get(bundleUrl, "If-None-Match", "W/\"something-else\"").status());
    }

    @Test
    void theBundleIsACollectionWhosePrimaryBrandAndEndpointsHangTogether() {
        JsonNode bundle = http.get(bundleUrl).json();
        assertEquals("Bundle", bundle.path("resourceType").asText());
        assertEquals("collection", bundle.path("type").asText());
        assertFalse(bundle.path("timestamp").asText().isEmpty());
        assertFalse(bundle.path("entry").isEmpty());
        JsonNode primary = configuration.path("user_access_brand_identifier");
        List<JsonNode> organizations = resources(bundle, "Organization");
        assertEquals(1, organizations.stream().filter(org -> {
            for (JsonNode identifier : org.path("identifier")) {
                if (identifier.equals(primary)) {
                    return true;
                }
            }
            return false;
        }).count(), "exactly one Organization carries " + primary);
        List<JsonNode> endpoints = resources(bundle, "Endpoint");
        for (JsonNode endpoint : endpoints) {
            String reference = "Endpoint/" + endpoint.path("id").asText();
            assertTrue(organizations.stream().anyMatch(org -> org.path("endpoint").toString().contains(
                    "\"" + reference + "\"")), reference + " is referenced by no Organization");
        }
        assertEquals("Sample Health (demo)", organizations.get(0).path("name").asText());
    }

    @Test
    void eachEndpointAddressIsAFhirBaseThatAnswersItsCapabilityStatement() {
        for (JsonNode endpoint : resources(http.get(bundleUrl).json(), "Endpoint")) {
            String address = endpoint.path("address").asText();
            assertTrue(address.startsWith("http"), address);
            Http.Response metadata = http.get(address + "/metadata", "Accept", "application/fhir+json");
            assertEquals(200, metadata.status());
            assertEquals("CapabilityStatement", metadata.json().path("resourceType").asText());
        }
    }

    @Test
    void theBundleIsReadOnly() {
        Http.Response response = http.postJson(bundleUrl, "{}");
        assertEquals(405, response.status(), response.body());
    }
}
