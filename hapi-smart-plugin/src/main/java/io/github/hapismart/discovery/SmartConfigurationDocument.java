package io.github.hapismart.discovery;

import io.github.hapismart.config.RegistrationMode;
import io.github.hapismart.config.SmartSettings;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the {@code [base]/.well-known/smart-configuration} document (SMART App Launch 2.2, section
 * "Conformance"). Each field's spec status is noted beside it; capabilities list only what the server honours.
 */
public final class SmartConfigurationDocument {

    private final SmartSettings settings;
    private final ServerFeatures features;

    public SmartConfigurationDocument(SmartSettings settings, ServerFeatures features) {
        this.settings = settings;
        this.features = features;
    }

    /** The document as an ordered JSON object. */
    public Map<String, Object> toJson() {
        Map<String, Object> doc = new LinkedHashMap<>();
        // CONDITIONAL (required when sso-openid-connect is offered): the id_token issuer, which is the FHIR base.
        doc.put("issuer", settings.fhirBaseUrl());
        // CONDITIONAL (required with sso-openid-connect or asymmetric clients): the server's public keys.
        doc.put("jwks_uri", settings.endpoint("jwks"));
        // CONDITIONAL (required for launch-ehr / launch-standalone).
        doc.put("authorization_endpoint", settings.endpoint("authorize"));
        // RFC 9207: every authorization response (code or error) carries iss = the issuer above.
        doc.put("authorization_response_iss_parameter_supported", true);
        // REQUIRED.
        doc.put("grant_types_supported", (features.grantTypes()));
        // REQUIRED.
        doc.put("token_endpoint", settings.endpoint("token"));
        // OPTIONAL.
        doc.put("token_endpoint_auth_methods_supported", (features.tokenEndpointAuthMethods()));
        // CONDITIONAL (required when private_key_jwt is offered).
        doc.put("token_endpoint_auth_signing_alg_values_supported", List.of("RS384", "ES384", "RS256", "ES256"));
        // OPTIONAL.
        if (settings.registrationMode() != RegistrationMode.OFF) {
            doc.put("registration_endpoint", settings.endpoint("register"));
        }
        // RECOMMENDED.
        doc.put("scopes_supported", (features.scopesSupported()));
        // RECOMMENDED.
        doc.put("response_types_supported", List.of("code"));
        // RECOMMENDED.
        features.managementEndpoint().ifPresent(path -> doc.put("management_endpoint", settings.endpoint(path)));
        // RECOMMENDED.
        features.introspectionEndpoint().ifPresent(path -> doc.put("introspection_endpoint", settings.endpoint(path)));
        // RECOMMENDED.
        features.revocationEndpoint().ifPresent(path -> doc.put("revocation_endpoint", settings.endpoint(path)));
        // REQUIRED.
        doc.put("capabilities", withLegacyNames(features.capabilities()));
        // REQUIRED: S256 only; plain is refused.
        doc.put("code_challenge_methods_supported", List.of("S256"));
        // OPTIONAL (2.2, App State), only when it is on: state lives at an endpoint of its own, so the capability is
        // listed there and not among the FHIR base's own capabilities.
        if (settings.appState().enabled()) {
            doc.put("associated_endpoints", List.of(Map.of("url", settings.endpoint("appstate"),
                    "capabilities", List.of("smart-app-state"))));
        }
        // SHOULD (2.2, User-Access Brands), only when a brand is configured: the Brand Bundle and this server's
        // primary brand in it.
        settings.userAccessBrand().ifPresent(brand -> {
            doc.put("user_access_brand_bundle", settings.endpoint("brands"));
            var primary = brand.publishedIdentifiers().get(0);
            Map<String, Object> identifier = new LinkedHashMap<>();
            primary.system().ifPresent(system -> identifier.put("system", system));
            identifier.put("value", primary.value());
            doc.put("user_access_brand_identifier", identifier);
        });
        return doc;
    }

    /**
     * The capabilities, each UI-integration one also under its SMART 1.0 name: the code system names them
     * {@code context-passthrough-banner} and {@code context-passthrough-style}, while ONC's g(10) test kit (EHR
     * Practitioner App) and older clients look for {@code context-banner} and {@code context-style}.
     */
    static List<String> withLegacyNames(List<String> capabilities) {
        List<String> all = new java.util.ArrayList<>(capabilities);
        Map.of("context-passthrough-banner", "context-banner", "context-passthrough-style", "context-style")
                .forEach((current, legacy) -> {
                    if (all.contains(current) && !all.contains(legacy)) {
                        all.add(all.indexOf(current) + 1, legacy);
                    }
                });
        return List.copyOf(all);
    }

    /** What the server offers, as assembled from the endpoints actually installed. */
    public record ServerFeatures(
            List<String> capabilities,
            List<String> grantTypes,
            List<String> tokenEndpointAuthMethods,
            List<String> scopesSupported,
            java.util.Optional<String> managementEndpoint,
            java.util.Optional<String> introspectionEndpoint,
            java.util.Optional<String> revocationEndpoint) {

        public ServerFeatures {
            capabilities = List.copyOf(capabilities);
            grantTypes = List.copyOf(grantTypes);
            tokenEndpointAuthMethods = List.copyOf(tokenEndpointAuthMethods);
            scopesSupported = List.copyOf(scopesSupported);
        }
    }
}
