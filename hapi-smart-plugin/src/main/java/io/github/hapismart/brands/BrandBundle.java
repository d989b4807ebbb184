package io.github.hapismart.brands;

import io.github.hapismart.config.SmartSettings;
import io.github.hapismart.config.UserAccessBrand;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The User-Access Brand Bundle of one server: a {@code collection} Bundle with {@code timestamp} and
 * {@code meta.lastUpdated} (the time the settings were applied, i.e. the last change to its contents), the brand as a
 * UserAccessBrand Organization and this FHIR base as a UserAccessEndpoint. The Organization lists the Endpoint both
 * in {@code endpoint} and, when a portal is configured, in the portal's {@code portalEndpoint} (the profile's
 * {@code uab-1}: portal endpoints are a subset of {@code Organization.endpoint}).
 */
public final class BrandBundle {

    static final String ORGANIZATION_ID = "brand";
    static final String ENDPOINT_ID = "fhir-r4";
    private static final String BRAND_EXT = "http://hl7.org/fhir/StructureDefinition/organization-brand";
    private static final String PORTAL_EXT = "http://hl7.org/fhir/StructureDefinition/organization-portal";

    private BrandBundle() {
    }

    /** The bundle for {@code brand}, published by the server of {@code settings}, as changed at {@code changedAt}. */
    public static Map<String, Object> of(SmartSettings settings, UserAccessBrand brand, Instant changedAt) {
        String lastUpdated = changedAt.truncatedTo(ChronoUnit.SECONDS).toString();
        Map<String, Object> bundle = new LinkedHashMap<>();
        bundle.put("resourceType", "Bundle");
        bundle.put("id", "user-access-brands");
        bundle.put("meta", Map.of("lastUpdated", lastUpdated));
        bundle.put("type", "collection");
        bundle.put("timestamp", lastUpdated);
        String base = settings.fhirBaseUrl();
        bundle.put("entry", List.of(
                Map.of("fullUrl", base + "/Organization/" + ORGANIZATION_ID,
                        "resource", organization(brand, lastUpdated)),
                Map.of("fullUrl", base + "/Endpoint/" + ENDPOINT_ID,
                        "resource", endpoint(settings, brand, lastUpdated))));
        return bundle;
    }

    private static Map<String, Object> organization(UserAccessBrand brand, String lastUpdated) {
        Map<String, Object> org = new LinkedHashMap<>();
        org.put("resourceType", "Organization");
        org.put("id", ORGANIZATION_ID);
        org.put("meta", Map.of("lastUpdated", lastUpdated));
        List<Object> extensions = new ArrayList<>();
        List<Object> brandParts = new ArrayList<>();
        brand.logo().ifPresent(u -> brandParts.add(url("brandLogo", u.toString())));
        brand.logoLicense().ifPresent(u -> brandParts.add(url("brandLogoLicense", u.toString())));
        if (!brandParts.isEmpty()) {
            extensions.add(Map.of("url", BRAND_EXT, "extension", brandParts));
        }
        String endpointReference = "Endpoint/" + ENDPOINT_ID;
        if (brand.portalName().isPresent() || brand.portalUrl().isPresent()) {
            List<Object> portal = new ArrayList<>();
            brand.portalName().ifPresent(n -> portal.add(Map.of("url", "portalName", "valueString", n)));
            brand.portalDescription().ifPresent(d -> portal.add(Map.of("url", "portalDescription",
                    "valueMarkdown", d)));
            brand.portalUrl().ifPresent(u -> portal.add(url("portalUrl", u.toString())));
            brand.portalLogo().ifPresent(u -> portal.add(url("portalLogo", u.toString())));
            portal.add(Map.of("url", "portalEndpoint", "valueReference", Map.of("reference", endpointReference)));
            extensions.add(Map.of("url", PORTAL_EXT, "extension", portal));
        }
        if (!extensions.isEmpty()) {
            org.put("extension", extensions);
        }
        List<Object> identifiers = new ArrayList<>();
        for (UserAccessBrand.Identifier id : brand.publishedIdentifiers()) {
            Map<String, Object> identifier = new LinkedHashMap<>();
            id.system().ifPresent(s -> identifier.put("system", s));
            identifier.put("value", id.value());
            identifiers.add(identifier);
        }
        org.put("identifier", identifiers);
        org.put("active", true);
        if (!brand.categories().isEmpty()) {
            org.put("type", brand.categories().stream().map(code -> Map.of("coding", List.of(Map.of(
                    "system", "http://terminology.hl7.org/CodeSystem/organization-type", "code", code)))).toList());
        }
        org.put("name", brand.name());
        if (!brand.aliases().isEmpty()) {
            org.put("alias", brand.aliases());
        }
        org.put("telecom", List.of(Map.of("system", "url", "value", brand.website().toString())));
        if (!brand.addresses().isEmpty()) {
            org.put("address", brand.addresses().stream().map(BrandBundle::address).toList());
        }
        org.put("endpoint", List.of(Map.of("reference", endpointReference)));
        return org;
    }

    private static Map<String, Object> endpoint(SmartSettings settings, UserAccessBrand brand, String lastUpdated) {
        Map<String, Object> endpoint = new LinkedHashMap<>();
        endpoint.put("resourceType", "Endpoint");
        endpoint.put("id", ENDPOINT_ID);
        endpoint.put("meta", Map.of("lastUpdated", lastUpdated));
        endpoint.put("extension", List.of(Map.of(
                "url", "http://hl7.org/fhir/StructureDefinition/endpoint-fhir-version", "valueCode", "4.0.1")));
        endpoint.put("status", "active");
        endpoint.put("connectionType", Map.of(
                "system", "http://terminology.hl7.org/CodeSystem/endpoint-connection-type", "code", "hl7-fhir-rest"));
        endpoint.put("name", "FHIR R4 endpoint of " + brand.name());
        endpoint.put("contact", List.of(Map.of("system", "url",
                "value", brand.developerUrl().orElse(brand.website()).toString())));
        endpoint.put("payloadType", List.of(Map.of("coding", List.of(Map.of(
                "system", "http://terminology.hl7.org/CodeSystem/endpoint-payload-type", "code", "none")))));
        endpoint.put("address", settings.fhirBaseUrl());
        return endpoint;
    }

    private static Map<String, Object> address(UserAccessBrand.Address address) {
        Map<String, Object> json = new LinkedHashMap<>();
        address.city().ifPresent(c -> json.put("city", c));
        address.state().ifPresent(s -> json.put("state", s));
        address.postalCode().ifPresent(p -> json.put("postalCode", p));
        address.country().ifPresent(c -> json.put("country", c));
        return json;
    }

    private static Map<String, Object> url(String name, String value) {
        return Map.of("url", name, "valueUrl", value);
    }
}
