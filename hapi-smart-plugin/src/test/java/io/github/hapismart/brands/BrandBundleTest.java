package io.github.hapismart.brands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.hapismart.config.SmartSettings;
import io.github.hapismart.config.UserAccessBrand;
import io.github.hapismart.discovery.SmartConfigurationDocument;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The Brand Bundle against the IG's profiles and the checks of Inferno's SMART Access Brands suite that need no
 * network: collection with timestamp and meta.lastUpdated, Organization name and website, portal endpoints among
 * Organization.endpoint, every Organization endpoint in the bundle and every Endpoint referenced by an Organization,
 * the Endpoint's fixed connection type, payload type, FHIR version and developer contact.
 */
class BrandBundleTest {

    private static final SmartSettings BASE = SmartSettings.builder("https://ehr.example.org/fhir").build();
    private static final Instant CHANGED = Instant.parse("2026-12-01T10:00:00.123Z");

    private static UserAccessBrand fullBrand() {
        return new UserAccessBrand("Good Health", URI.create("https://www.goodhealth.example.org/home"),
                Optional.of(URI.create("https://goodhealth.example.org/logo.svg")),
                Optional.of(URI.create("https://goodhealth.example.org/logo-license")), List.of("Goodie Health"),
                List.of(), List.of("prov"), List.of(new UserAccessBrand.Address(Optional.of("Boston"),
                        Optional.of("MA"), Optional.of("02111"), Optional.of("US"))),
                Optional.of("GoodHealthCentral"), Optional.of(URI.create("https://portal.goodhealth.example.org")),
                Optional.of("For our primary care patients."), Optional.empty(),
                Optional.of(URI.create("https://developer.goodhealth.example.org")));
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> resources(Map<String, Object> bundle, String type) {
        return ((List<Map<String, Object>>) bundle.get("entry")).stream()
                .map(entry -> (Map<String, Object>) entry.get("resource"))
                .filter(resource -> type.equals(resource.get("resourceType"))).toList();
    }

    @Test
    @SuppressWarnings("unchecked")
    void theBundleFollowsTheProfilesAndInfernosBrandChecks() {
        Map<String, Object> bundle = BrandBundle.of(BASE, fullBrand(), CHANGED);
        assertEquals("collection", bundle.get("type"));
        assertEquals("2026-12-01T10:00:00Z", bundle.get("timestamp"));
        assertEquals("2026-12-01T10:00:00Z", ((Map<String, Object>) bundle.get("meta")).get("lastUpdated"));
        Map<String, Object> org = resources(bundle, "Organization").get(0);
        Map<String, Object> endpoint = resources(bundle, "Endpoint").get(0);
        assertEquals("Good Health", org.get("name"));
        assertEquals(List.of(Map.of("system", "url", "value", "https://www.goodhealth.example.org/home")),
                org.get("telecom"));
        assertEquals(List.of(Map.of("system", "urn:ietf:rfc:3986", "value", "https://goodhealth.example.org")),
                org.get("identifier"));
        List<String> orgEndpoints = ((List<Map<String, Object>>) org.get("endpoint")).stream()
                .map(r -> (String) r.get("reference")).toList();
        List<Map<String, Object>> portal = ((List<Map<String, Object>>) org.get("extension")).stream()
                .filter(e -> e.get("url").equals("http://hl7.org/fhir/StructureDefinition/organization-portal"))
                .flatMap(e -> ((List<Map<String, Object>>) e.get("extension")).stream()).toList();
        List<String> portalEndpoints = portal.stream().filter(e -> e.get("url").equals("portalEndpoint"))
                .map(e -> (String) ((Map<String, Object>) e.get("valueReference")).get("reference")).toList();
        assertFalse(portalEndpoints.isEmpty());
        assertTrue(orgEndpoints.containsAll(portalEndpoints), "uab-1: portal endpoints are Organization endpoints");
        assertEquals(List.of("Endpoint/" + endpoint.get("id")), orgEndpoints);
        assertEquals(Map.of("system", "http://terminology.hl7.org/CodeSystem/endpoint-connection-type",
                "code", "hl7-fhir-rest"), endpoint.get("connectionType"));
        assertEquals("https://ehr.example.org/fhir", endpoint.get("address"));
        assertEquals(List.of(Map.of("url", "http://hl7.org/fhir/StructureDefinition/endpoint-fhir-version",
                "valueCode", "4.0.1")), endpoint.get("extension"));
        assertEquals(List.of(Map.of("system", "url", "value", "https://developer.goodhealth.example.org")),
                endpoint.get("contact"));
        assertEquals(List.of(Map.of("coding", List.of(Map.of(
                "system", "http://terminology.hl7.org/CodeSystem/endpoint-payload-type", "code", "none")))),
                endpoint.get("payloadType"));
    }

    @Test
    void aMinimalBrandStillHasEveryRequiredElementAndNoEmptyOnes() {
        Map<String, Object> bundle = BrandBundle.of(BASE, UserAccessBrand.of("Good Health",
                URI.create("https://goodhealth.example.org")), CHANGED);
        Map<String, Object> org = resources(bundle, "Organization").get(0);
        assertFalse(org.containsKey("extension"));
        assertFalse(org.containsKey("alias"));
        assertTrue(org.containsKey("endpoint"));
        assertEquals(1, resources(bundle, "Endpoint").size());
    }

    @Test
    @SuppressWarnings("unchecked")
    void smartConfigurationNamesTheBundleAndTheOnePrimaryIdentifierInIt() {
        SmartSettings settings = BASE.toBuilder().userAccessBrand(fullBrand()).build();
        Map<String, Object> doc = new SmartConfigurationDocument(settings, features()).toJson();
        assertEquals("https://ehr.example.org/auth/brands", doc.get("user_access_brand_bundle"));
        Object identifier = doc.get("user_access_brand_identifier");
        long matches = resources(BrandBundle.of(settings, fullBrand(), CHANGED), "Organization").stream()
                .flatMap(o -> ((List<Object>) o.get("identifier")).stream()).filter(identifier::equals).count();
        assertEquals(1, matches);
    }

    @Test
    void withoutABrandSmartConfigurationHasNoBrandFields() {
        Map<String, Object> doc = new SmartConfigurationDocument(BASE, features()).toJson();
        assertFalse(doc.containsKey("user_access_brand_bundle"));
        assertFalse(doc.containsKey("user_access_brand_identifier"));
    }

    @Test
    void invalidBrandSettingsAreRefused() {
        URI site = URI.create("https://goodhealth.example.org");
        assertThrows(IllegalArgumentException.class, () -> UserAccessBrand.of(" ", site));
        assertThrows(IllegalArgumentException.class, () -> UserAccessBrand.of("Good", URI.create("ftp://x.org")));
        assertThrows(IllegalArgumentException.class, () -> new UserAccessBrand("Good", site,
                Optional.of(URI.create("javascript:alert(1)")), Optional.empty(), List.of(), List.of(), List.of(),
                List.of(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty()));
        assertThrows(IllegalArgumentException.class, () -> new UserAccessBrand("Good", site, Optional.empty(),
                Optional.empty(), List.of(), List.of(), List.of("hospital"), List.of(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty()));
        assertThrows(IllegalArgumentException.class, () -> new UserAccessBrand.Address(Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.of("US")));
    }

    private static SmartConfigurationDocument.ServerFeatures features() {
        return new SmartConfigurationDocument.ServerFeatures(List.of("launch-ehr"), List.of("authorization_code"),
                List.of("none"), List.of("openid"), Optional.empty(), Optional.empty(), Optional.empty());
    }
}
