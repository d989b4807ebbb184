package io.github.hapismart.resource;

import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Resource-server mode assembled: the external server's metadata, the token resolver (JWKS and, when configured,
 * introspection) and the smart-configuration document. {@code hapi.SmartOnFhirPlugin.installResourceServer} plugs it
 * into a HAPI server instead of the plugin's own authorization server.
 */
public final class ResourceServer {

    private final ResourceServerSettings settings;
    private final String fhirBaseUrl;
    private final AuthorizationServerMetadata metadata;
    private final ExternalTokenResolver tokens;
    private final ExternalSmartConfiguration smartConfiguration;

    private ResourceServer(ResourceServerSettings settings, String fhirBaseUrl, HttpClient http, Clock clock) {
        this.settings = Objects.requireNonNull(settings);
        this.fhirBaseUrl = Objects.requireNonNull(fhirBaseUrl);
        this.metadata = new AuthorizationServerMetadata(settings, http, clock);
        String audience = settings.audienceFor(fhirBaseUrl);
        JwtAccessTokenVerifier jwts = new JwtAccessTokenVerifier(settings, audience,
                () -> settings.jwksUri().or(() -> metadata.url("jwks_uri")), clock);
        Optional<TokenIntrospector> introspector = settings.introspects()
                ? Optional.of(new TokenIntrospector(settings, audience, () -> settings.introspectionEndpoint()
                        .or(() -> metadata.url("introspection_endpoint")), http, clock))
                : Optional.empty();
        this.tokens = new ExternalTokenResolver(jwts, introspector, settings.claims(), fhirBaseUrl, clock);
        this.smartConfiguration = new ExternalSmartConfiguration(settings, metadata);
    }

    /** Resource-server mode for a FHIR server at {@code fhirBaseUrl}, on the system clock. */
    public static ResourceServer create(ResourceServerSettings settings, String fhirBaseUrl) {
        return create(settings, fhirBaseUrl, HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER).build(), Clock.systemUTC());
    }

    /** As {@link #create(ResourceServerSettings, String)} with the HTTP client and clock given. */
    public static ResourceServer create(ResourceServerSettings settings, String fhirBaseUrl, HttpClient http,
                                        Clock clock) {
        return new ResourceServer(settings, stripSlash(fhirBaseUrl), http, clock);
    }

    public ResourceServerSettings settings() {
        return settings;
    }

    /** The FHIR base this server guards. */
    public String fhirBaseUrl() {
        return fhirBaseUrl;
    }

    /** Token to grant: the seam plugged into the bearer check. */
    public ExternalTokenResolver tokens() {
        return tokens;
    }

    /** The smart-configuration document. */
    public Map<String, Object> smartConfiguration() {
        return smartConfiguration.toJson();
    }

    /** The external endpoints for the CapabilityStatement's {@code oauth-uris}, by its sub-extension names. */
    public Map<String, String> oauthUris() {
        Map<String, Object> doc = smartConfiguration();
        Map<String, String> uris = new java.util.LinkedHashMap<>();
        Map.of("authorize", "authorization_endpoint", "token", "token_endpoint", "register", "registration_endpoint",
                "introspect", "introspection_endpoint", "revoke", "revocation_endpoint").forEach((name, field) -> {
                    if (doc.get(field) instanceof String url) {
                        uris.put(name, url);
                    }
                });
        return uris;
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
