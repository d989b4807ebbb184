package io.github.hapismart.resource;

import java.net.URI;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code .well-known/smart-configuration} document of resource-server mode: the external server's endpoints
 * (from its metadata, or configured) and only the capabilities that the pair honours. This server honours both
 * SMART scope grammars, patient- and user-level scopes and, when the external server puts them into tokens, the
 * patient context; the external server decides the rest, so each of those capabilities is claimed only when its
 * metadata shows it (an authorization endpoint with the code flow for standalone launch, a client authentication
 * method for each client type, {@code openid} for single sign-on, {@code offline_access} with refresh tokens).
 * EHR launch is never claimed: it needs a {@code launch} parameter that a generic server does not understand.
 */
public final class ExternalSmartConfiguration {

    private final ResourceServerSettings settings;
    private final AuthorizationServerMetadata metadata;

    public ExternalSmartConfiguration(ResourceServerSettings settings, AuthorizationServerMetadata metadata) {
        this.settings = settings;
        this.metadata = metadata;
    }

    /** The document; without the metadata (the provider unreachable) it holds only what is configured. */
    public Map<String, Object> toJson() {
        Map<String, Object> external = metadata.document().orElse(Map.of());
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("issuer", settings.issuer());
        copy(external, doc, "jwks_uri");
        Optional<String> authorize = settings.authorizationEndpoint().map(URI::toString)
                .or(() -> text(external.get("authorization_endpoint")));
        authorize.ifPresent(url -> doc.put("authorization_endpoint", url));
        settings.tokenEndpoint().map(URI::toString).or(() -> text(external.get("token_endpoint")))
                .ifPresent(url -> doc.put("token_endpoint", url));
        List<String> grants = strings(external.get("grant_types_supported"));
        if (grants.isEmpty() && external.containsKey("token_endpoint")) {
            grants = List.of("authorization_code", "implicit"); // RFC 8414's default
        }
        doc.put("grant_types_supported", grants);
        List<String> authMethods = strings(external.get("token_endpoint_auth_methods_supported"));
        if (authMethods.isEmpty() && external.containsKey("token_endpoint")) {
            authMethods = List.of("client_secret_basic");
        }
        doc.put("token_endpoint_auth_methods_supported", authMethods);
        copy(external, doc, "token_endpoint_auth_signing_alg_values_supported");
        copy(external, doc, "registration_endpoint");
        copy(external, doc, "scopes_supported");
        copy(external, doc, "response_types_supported");
        copy(external, doc, "introspection_endpoint");
        copy(external, doc, "revocation_endpoint");
        copy(external, doc, "code_challenge_methods_supported");
        copy(external, doc, "authorization_response_iss_parameter_supported");
        copy(external, doc, "userinfo_endpoint");
        List<String> scopes = strings(external.get("scopes_supported"));
        List<String> responseTypes = strings(external.get("response_types_supported"));
        List<String> capabilities = new ArrayList<>();
        boolean codeFlow = authorize.isPresent() && grants.contains("authorization_code")
                && (responseTypes.isEmpty() || responseTypes.contains("code"));
        if (codeFlow) {
            capabilities.add("launch-standalone");
            if (authMethods.contains("none")) {
                capabilities.add("client-public");
            }
            if (authMethods.contains("client_secret_basic") || authMethods.contains("client_secret_post")) {
                capabilities.add("client-confidential-symmetric");
            }
            if (authMethods.contains("private_key_jwt")) {
                capabilities.add("client-confidential-asymmetric");
            }
            if (scopes.contains("openid")) {
                capabilities.add("sso-openid-connect");
            }
            if (scopes.contains("offline_access") && grants.contains("refresh_token")) {
                capabilities.add("permission-offline");
            }
        }
        capabilities.addAll(settings.contextCapabilities());
        capabilities.addAll(List.of("permission-patient", "permission-user", "permission-v1", "permission-v2"));
        doc.put("capabilities", List.copyOf(capabilities));
        return doc;
    }

    private static void copy(Map<String, Object> from, Map<String, Object> to, String field) {
        Object value = from.get(field);
        if (value != null) {
            to.put(field, value);
        }
    }

    private static Optional<String> text(Object value) {
        return value instanceof String s && !s.isBlank() ? Optional.of(s) : Optional.empty();
    }

    private static List<String> strings(Object value) {
        return value instanceof Collection<?> items
                ? items.stream().filter(String.class::isInstance).map(String.class::cast).toList()
                : List.of();
    }
}
