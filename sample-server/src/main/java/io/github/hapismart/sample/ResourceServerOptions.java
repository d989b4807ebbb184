package io.github.hapismart.sample;

import io.github.hapismart.resource.ClaimMapping;
import io.github.hapismart.resource.ResourceServerSettings;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The sample server's {@code resource-server-*} options (README, "The sample server"): with
 * {@code resource-server-issuer} set the server runs in resource-server mode. Lists are comma-separated; durations
 * are seconds ({@code 60}) or ISO-8601 ({@code PT1M}).
 */
final class ResourceServerOptions {

    private ResourceServerOptions() {
    }

    /** The settings the options describe; empty without {@code resource-server-issuer}. */
    static Optional<ResourceServerSettings> read(Function<String, Optional<String>> lookup) {
        Optional<String> issuer = lookup.apply("resource-server-issuer");
        if (issuer.isEmpty()) {
            return Optional.empty();
        }
        ResourceServerSettings.Builder builder = ResourceServerSettings.builder(issuer.get().strip());
        lookup.apply("resource-server-audience").ifPresent(builder::audience);
        lookup.apply("resource-server-jwks-uri").map(URI::create).ifPresent(builder::jwksUri);
        lookup.apply("resource-server-introspection-endpoint").map(URI::create)
                .ifPresent(builder::introspectionEndpoint);
        lookup.apply("resource-server-introspection-client-id").ifPresent(client -> builder.introspectionClient(
                client, lookup.apply("resource-server-introspection-secret").orElseThrow(() ->
                        new IllegalArgumentException("resource-server-introspection-client-id needs "
                                + "resource-server-introspection-secret (SMART_RESOURCE_SERVER_INTROSPECTION_SECRET)"))));
        lookup.apply("resource-server-introspection-cache").map(ResourceServerOptions::duration)
                .ifPresent(builder::introspectionCacheLifetime);
        lookup.apply("resource-server-algorithms").map(ResourceServerOptions::list)
                .ifPresent(algs -> builder.algorithms(new LinkedHashSet<>(algs)));
        ClaimMapping defaults = ClaimMapping.DEFAULTS;
        builder.claims(new ClaimMapping(
                lookup.apply("resource-server-scope-claims").map(ResourceServerOptions::list)
                        .orElse(defaults.scopeClaims()),
                lookup.apply("resource-server-patient-claim").orElse(defaults.patientClaim()),
                lookup.apply("resource-server-fhir-user-claim").orElse(defaults.fhirUserClaim()),
                defaults.encounterClaim(),
                lookup.apply("resource-server-client-id-claims").map(ResourceServerOptions::list)
                        .orElse(defaults.clientIdClaims()), lookup.apply("resource-server-scope-slash")));
        return Optional.of(builder.build());
    }

    private static Duration duration(String value) {
        return value.strip().matches("\\d+") ? Duration.ofSeconds(Long.parseLong(value.strip()))
                : Duration.parse(value.strip());
    }

    private static List<String> list(String commaSeparated) {
        return Arrays.stream(commaSeparated.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }
}
