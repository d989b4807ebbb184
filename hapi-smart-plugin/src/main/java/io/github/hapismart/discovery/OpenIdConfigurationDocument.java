package io.github.hapismart.discovery;

import io.github.hapismart.config.RegistrationMode;
import io.github.hapismart.config.SmartSettings;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds {@code [base]/.well-known/openid-configuration} (OpenID Connect Discovery 1.0) for the SMART
 * {@code sso-openid-connect} capability: the issuer is the FHIR base, id_tokens are signed with RS256.
 */
public final class OpenIdConfigurationDocument {

    private final SmartSettings settings;
    private final SmartConfigurationDocument.ServerFeatures features;

    public OpenIdConfigurationDocument(SmartSettings settings, SmartConfigurationDocument.ServerFeatures features) {
        this.settings = settings;
        this.features = features;
    }

    public Map<String, Object> toJson() {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("issuer", settings.fhirBaseUrl());
        doc.put("authorization_endpoint", settings.endpoint("authorize"));
        doc.put("authorization_response_iss_parameter_supported", true);
        doc.put("token_endpoint", settings.endpoint("token"));
        doc.put("jwks_uri", settings.endpoint("jwks"));
        doc.put("userinfo_endpoint", settings.endpoint("userinfo"));
        if (settings.registrationMode() != RegistrationMode.OFF) {
            doc.put("registration_endpoint", settings.endpoint("register"));
        }
        // RFC 8414 names, also valid here: clients that discover from this document (oauth4webapi, openid-client)
        // find introspection and revocation nowhere else.
        features.introspectionEndpoint().ifPresent(path -> doc.put("introspection_endpoint", settings.endpoint(path)));
        features.revocationEndpoint().ifPresent(path -> doc.put("revocation_endpoint", settings.endpoint(path)));
        doc.put("scopes_supported", features.scopesSupported());
        doc.put("response_types_supported", List.of("code"));
        doc.put("grant_types_supported", features.grantTypes());
        doc.put("subject_types_supported", List.of("public"));
        doc.put("id_token_signing_alg_values_supported", List.of("RS256"));
        doc.put("token_endpoint_auth_methods_supported", features.tokenEndpointAuthMethods());
        doc.put("token_endpoint_auth_signing_alg_values_supported", List.of("RS384", "ES384", "RS256", "ES256"));
        doc.put("claims_supported", List.of("iss", "sub", "aud", "exp", "iat", "nonce", "fhirUser", "name"));
        doc.put("code_challenge_methods_supported", List.of("S256"));
        return doc;
    }
}
