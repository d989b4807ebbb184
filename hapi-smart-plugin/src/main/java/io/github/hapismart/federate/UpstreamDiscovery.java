package io.github.hapismart.federate;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * Upstream providers' discovery documents, fetched with a timeout and a size limit and cached for an hour (bounded),
 * so a provider's endpoints and keys follow its own configuration. A document whose {@code issuer} differs from the
 * configured one is refused (OpenID Connect Discovery 1.0, section 4.3).
 */
final class UpstreamDiscovery {

    /** How long a discovery document is kept: a provider that moves its endpoints is followed within this time. */
    static final Duration LIFETIME = Duration.ofHours(1);
    private static final int MAX_BYTES = 512 * 1024;

    private final HttpClient http;
    private final Duration timeout;
    private final Cache<String, OIDCProviderMetadata> cache =
            Caffeine.newBuilder().maximumSize(100).expireAfterWrite(LIFETIME).build();

    UpstreamDiscovery(HttpClient http, Duration timeout) {
        this.http = http;
        this.timeout = timeout;
    }

    /** The provider's metadata; empty when it does not answer or answers something unusable. */
    Optional<OIDCProviderMetadata> metadata(UpstreamProvider provider) {
        OIDCProviderMetadata cached = cache.getIfPresent(provider.issuerValue());
        if (cached != null) {
            return Optional.of(cached);
        }
        Optional<OIDCProviderMetadata> fetched = fetch(provider);
        fetched.ifPresent(metadata -> cache.put(provider.issuerValue(), metadata));
        return fetched;
    }

    private Optional<OIDCProviderMetadata> fetch(UpstreamProvider provider) {
        String issuer = provider.issuerValue();
        URI uri = URI.create((issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer)
                + "/.well-known/openid-configuration");
        try {
            HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout).header("Accept", "application/json")
                    .GET().build();
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                byte[] bytes = body.readNBytes(MAX_BYTES + 1);
                if (response.statusCode() != 200 || bytes.length > MAX_BYTES) {
                    return Optional.empty();
                }
                OIDCProviderMetadata metadata = OIDCProviderMetadata.parse(new String(bytes, StandardCharsets.UTF_8));
                boolean usable = metadata.getIssuer().getValue().equals(issuer)
                        && metadata.getAuthorizationEndpointURI() != null && metadata.getTokenEndpointURI() != null
                        && metadata.getJWKSetURI() != null;
                return usable ? Optional.of(metadata) : Optional.empty();
            }
        } catch (IOException | ParseException | IllegalArgumentException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
