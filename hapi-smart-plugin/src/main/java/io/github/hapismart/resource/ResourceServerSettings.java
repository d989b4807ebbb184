package io.github.hapismart.resource;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Resource-server mode's whole configuration, immutable: which external authorization server issues the access
 * tokens the FHIR API accepts, and how they are checked and read. Build it with {@link #builder(String)}; every
 * other field has a default (see {@code docs/identity-providers.md}).
 *
 * @param issuer                    the external server's issuer, exactly as in its tokens' {@code iss} (required)
 * @param audience                  the {@code aud} a token must carry; empty means the FHIR base URL
 * @param discoveryUrl              its OpenID Connect / OAuth metadata; empty means
 *                                  {@code <issuer>/.well-known/openid-configuration}
 * @param jwksUri                   its signing keys; empty means {@code jwks_uri} of the metadata
 * @param algorithms                the JWS algorithms accepted; asymmetric only ({@code none} and {@code HS*} are
 *                                  refused when configured, so a public key can never serve as an HMAC secret)
 * @param jwksCacheLifetime         how long the key set is kept before it is fetched again (default 5 minutes)
 * @param jwksRefetchInterval       the least time between two fetches caused by an unknown {@code kid} (default
 *                                  30 seconds)
 * @param introspectionEndpoint     RFC 7662 endpoint for opaque tokens; empty means {@code introspection_endpoint}
 *                                  of the metadata, used only when an introspection client is set
 * @param introspectionClient       the client id this server authenticates with at the introspection endpoint
 *                                  ({@code client_secret_basic}); empty turns opaque tokens off
 * @param introspectionSecret       its secret
 * @param introspectionCacheLifetime how long an active introspection answer is reused: the longest a token revoked
 *                                  at the external server is still honoured here (default 60 seconds; never
 *                                  beyond the token's {@code exp})
 * @param claims                    which claims carry scopes, patient, fhirUser and client
 * @param authorizationEndpoint     advertised instead of the metadata's {@code authorization_endpoint}
 * @param tokenEndpoint             advertised instead of the metadata's {@code token_endpoint}
 * @param contextCapabilities       SMART {@code context-*} capabilities the external server is known to honour
 *                                  (a login that puts the patient into the token), advertised as they are
 */
public record ResourceServerSettings(
        String issuer,
        Optional<String> audience,
        Optional<URI> discoveryUrl,
        Optional<URI> jwksUri,
        Set<String> algorithms,
        Duration jwksCacheLifetime,
        Duration jwksRefetchInterval,
        Optional<URI> introspectionEndpoint,
        Optional<String> introspectionClient,
        Optional<String> introspectionSecret,
        Duration introspectionCacheLifetime,
        ClaimMapping claims,
        Optional<URI> authorizationEndpoint,
        Optional<URI> tokenEndpoint,
        List<String> contextCapabilities) {

    /** The asymmetric JWS algorithms accepted by default. */
    public static final Set<String> DEFAULT_ALGORITHMS = Set.of("RS256", "RS384", "RS512", "PS256", "PS384", "PS512",
            "ES256", "ES384", "ES512");

    public ResourceServerSettings {
        Objects.requireNonNull(issuer, "issuer");
        URI parsed = URI.create(issuer);
        if (parsed.getScheme() == null || parsed.getHost() == null) {
            throw new IllegalArgumentException("the issuer must be an absolute URL, got " + issuer);
        }
        Objects.requireNonNull(audience, "audience");
        Objects.requireNonNull(discoveryUrl, "discoveryUrl");
        Objects.requireNonNull(jwksUri, "jwksUri");
        algorithms = Set.copyOf(algorithms);
        for (String alg : algorithms) {
            if (!DEFAULT_ALGORITHMS.contains(alg) && !alg.equals("EdDSA") && !alg.equals("Ed25519")) {
                throw new IllegalArgumentException("algorithm " + alg + " is not accepted: only asymmetric "
                        + "signatures (" + String.join(", ", DEFAULT_ALGORITHMS.stream().sorted().toList())
                        + ", EdDSA) verify tokens against a published key set");
            }
        }
        if (algorithms.isEmpty()) {
            throw new IllegalArgumentException("at least one algorithm is needed");
        }
        positive(jwksCacheLifetime, "jwksCacheLifetime");
        positive(jwksRefetchInterval, "jwksRefetchInterval");
        Objects.requireNonNull(introspectionEndpoint, "introspectionEndpoint");
        Objects.requireNonNull(introspectionClient, "introspectionClient");
        Objects.requireNonNull(introspectionSecret, "introspectionSecret");
        if (introspectionClient.isPresent() != introspectionSecret.isPresent()) {
            throw new IllegalArgumentException("introspection needs both a client id and its secret");
        }
        positive(introspectionCacheLifetime, "introspectionCacheLifetime");
        Objects.requireNonNull(claims, "claims");
        Objects.requireNonNull(authorizationEndpoint, "authorizationEndpoint");
        Objects.requireNonNull(tokenEndpoint, "tokenEndpoint");
        contextCapabilities = List.copyOf(contextCapabilities);
        for (String capability : contextCapabilities) {
            if (!capability.startsWith("context-")) {
                throw new IllegalArgumentException("only context-* capabilities can be declared, got " + capability);
            }
        }
    }

    /** A builder with every default set, for tokens issued by {@code issuer}. */
    public static Builder builder(String issuer) {
        return new Builder(issuer);
    }

    /** The audience tokens must carry on a server whose FHIR base is {@code fhirBaseUrl}. */
    public String audienceFor(String fhirBaseUrl) {
        return audience.orElse(fhirBaseUrl);
    }

    /** The metadata document's URL. */
    public URI metadataUrl() {
        return discoveryUrl.orElseGet(() -> URI.create(stripSlash(issuer) + "/.well-known/openid-configuration"));
    }

    /** Whether opaque tokens are introspected. */
    public boolean introspects() {
        return introspectionClient.isPresent();
    }

    private static void positive(Duration value, String name) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be a positive duration");
        }
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /** Builds {@link ResourceServerSettings}; every setter but the issuer is optional. */
    public static final class Builder {
        private final String issuer;
        private String audience;
        private URI discoveryUrl;
        private URI jwksUri;
        private Set<String> algorithms = DEFAULT_ALGORITHMS;
        private Duration jwksCacheLifetime = Duration.ofMinutes(5);
        private Duration jwksRefetchInterval = Duration.ofSeconds(30);
        private URI introspectionEndpoint;
        private String introspectionClient;
        private String introspectionSecret;
        private Duration introspectionCacheLifetime = Duration.ofSeconds(60);
        private ClaimMapping claims = ClaimMapping.DEFAULTS;
        private URI authorizationEndpoint;
        private URI tokenEndpoint;
        private List<String> contextCapabilities = List.of();

        private Builder(String issuer) {
            this.issuer = issuer;
        }

        public Builder audience(String value) { this.audience = value; return this; }
        public Builder discoveryUrl(URI value) { this.discoveryUrl = value; return this; }
        public Builder jwksUri(URI value) { this.jwksUri = value; return this; }
        public Builder algorithms(Set<String> value) {
            this.algorithms = value.stream().map(a -> a.strip().toUpperCase(Locale.ROOT).replace("EDDSA", "EdDSA"))
                    .collect(java.util.stream.Collectors.toSet());
            return this;
        }
        public Builder jwksCacheLifetime(Duration value) { this.jwksCacheLifetime = value; return this; }
        public Builder jwksRefetchInterval(Duration value) { this.jwksRefetchInterval = value; return this; }
        public Builder introspectionEndpoint(URI value) { this.introspectionEndpoint = value; return this; }
        public Builder introspectionClient(String clientId, String secret) {
            this.introspectionClient = clientId;
            this.introspectionSecret = secret;
            return this;
        }
        public Builder introspectionCacheLifetime(Duration value) { this.introspectionCacheLifetime = value; return this; }
        public Builder claims(ClaimMapping value) { this.claims = value; return this; }
        public Builder authorizationEndpoint(URI value) { this.authorizationEndpoint = value; return this; }
        public Builder tokenEndpoint(URI value) { this.tokenEndpoint = value; return this; }
        public Builder contextCapabilities(List<String> value) { this.contextCapabilities = value; return this; }

        public ResourceServerSettings build() {
            return new ResourceServerSettings(issuer, Optional.ofNullable(audience).filter(a -> !a.isBlank()),
                    Optional.ofNullable(discoveryUrl), Optional.ofNullable(jwksUri), algorithms, jwksCacheLifetime,
                    jwksRefetchInterval, Optional.ofNullable(introspectionEndpoint),
                    Optional.ofNullable(introspectionClient).filter(c -> !c.isBlank()),
                    Optional.ofNullable(introspectionSecret).filter(s -> !s.isEmpty()), introspectionCacheLifetime,
                    claims, Optional.ofNullable(authorizationEndpoint), Optional.ofNullable(tokenEndpoint),
                    contextCapabilities);
        }
    }
}
