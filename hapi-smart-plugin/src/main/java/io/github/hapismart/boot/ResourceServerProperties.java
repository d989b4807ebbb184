package io.github.hapismart.boot;

import io.github.hapismart.resource.ClaimMapping;
import io.github.hapismart.resource.ResourceServerSettings;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * {@code smart.resource-server.*} checked and turned into {@link ResourceServerSettings}; empty when no issuer is
 * set (the plugin is then its own authorization server). A wrong value throws an
 * {@link InvalidSmartPropertyException} naming the property.
 */
final class ResourceServerProperties {

    private static final String PREFIX = "smart.resource-server.";

    private ResourceServerProperties() {
    }

    static Optional<ResourceServerSettings> of(SmartProperties.ResourceServer properties,
                                               UnaryOperator<String> environment) {
        if (properties == null || blank(properties.issuer())) {
            return Optional.empty();
        }
        ResourceServerSettings.Builder builder = ResourceServerSettings.builder(
                url("issuer", properties.issuer()).orElseThrow().toString());
        if (!blank(properties.audience())) {
            builder.audience(properties.audience().strip());
        }
        url("discovery-url", properties.discoveryUrl()).ifPresent(builder::discoveryUrl);
        url("jwks-uri", properties.jwksUri()).ifPresent(builder::jwksUri);
        url("introspection-endpoint", properties.introspectionEndpoint()).ifPresent(builder::introspectionEndpoint);
        url("authorization-endpoint", properties.authorizationEndpoint()).ifPresent(builder::authorizationEndpoint);
        url("token-endpoint", properties.tokenEndpoint()).ifPresent(builder::tokenEndpoint);
        if (!items(properties.algorithms()).isEmpty()) {
            builder.algorithms(new LinkedHashSet<>(items(properties.algorithms())));
        }
        builder.jwksCacheLifetime(positive("jwks-cache-lifetime", properties.jwksCacheLifetime()))
                .jwksRefetchInterval(positive("jwks-refetch-interval", properties.jwksRefetchInterval()))
                .introspectionCacheLifetime(positive("introspection-cache-lifetime",
                        properties.introspectionCacheLifetime()))
                .contextCapabilities(items(properties.contextCapabilities()));
        if (!blank(properties.introspectionClientId())) {
            builder.introspectionClient(properties.introspectionClientId().strip(), secret(properties, environment));
        }
        ClaimMapping defaults = ClaimMapping.DEFAULTS;
        try {
            builder.claims(new ClaimMapping(
                    items(properties.scopeClaims()).isEmpty() ? defaults.scopeClaims() : items(properties.scopeClaims()),
                    blank(properties.patientClaim()) ? defaults.patientClaim() : properties.patientClaim().strip(),
                    blank(properties.fhirUserClaim()) ? defaults.fhirUserClaim() : properties.fhirUserClaim().strip(),
                    defaults.encounterClaim(),
                    items(properties.clientIdClaims()).isEmpty() ? defaults.clientIdClaims()
                            : items(properties.clientIdClaims()),
                    Optional.ofNullable(properties.scopeSlash()).filter(c -> !c.isEmpty())));
            return Optional.of(builder.build());
        } catch (IllegalArgumentException e) {
            throw new InvalidSmartPropertyException(PREFIX + "*", e.getMessage());
        }
    }

    private static String secret(SmartProperties.ResourceServer properties, UnaryOperator<String> environment) {
        boolean env = !blank(properties.introspectionSecretEnv());
        if (env == (properties.introspectionSecretFile() != null)) {
            throw new InvalidSmartPropertyException(PREFIX + "introspection-secret-env",
                    "introspection needs exactly one of introspection-secret-env and introspection-secret-file");
        }
        if (env) {
            String value = environment.apply(properties.introspectionSecretEnv().strip());
            if (blank(value)) {
                throw new InvalidSmartPropertyException(PREFIX + "introspection-secret-env",
                        "names the environment variable " + properties.introspectionSecretEnv() + ", which is not set");
            }
            return value;
        }
        Path file = properties.introspectionSecretFile();
        try {
            return Files.readString(file).strip();
        } catch (IOException e) {
            throw new InvalidSmartPropertyException(PREFIX + "introspection-secret-file",
                    "cannot be read: " + file);
        }
    }

    private static Optional<URI> url(String property, String value) {
        if (blank(value)) {
            return Optional.empty();
        }
        try {
            URI uri = new URI(value.strip());
            if (uri.getScheme() == null || uri.getHost() == null) {
                throw new InvalidSmartPropertyException(PREFIX + property, "must be an absolute URL, got '"
                        + value + "'");
            }
            return Optional.of(uri);
        } catch (java.net.URISyntaxException e) {
            throw new InvalidSmartPropertyException(PREFIX + property, "is not a URL: " + e.getMessage());
        }
    }

    private static Duration positive(String property, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new InvalidSmartPropertyException(PREFIX + property, "must be a positive duration, got " + value);
        }
        return value;
    }

    private static List<String> items(List<String> values) {
        return values == null ? List.of()
                : values.stream().filter(java.util.Objects::nonNull).map(String::strip).filter(s -> !s.isEmpty())
                .toList();
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
