package io.github.hapismart.resource;

import com.nimbusds.jose.util.JSONObjectUtils;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The external authorization server's metadata (OpenID Connect Discovery or RFC 8414), fetched when first needed,
 * not at start, so the FHIR server starts whether or not the identity provider is up. A fetched document is kept
 * for {@link #LIFETIME}; a failed fetch is retried no sooner than {@link #RETRY_AFTER}, so an unreachable provider
 * costs one request per interval, not one per FHIR request. The document's {@code issuer} must equal the configured
 * one (OpenID Connect Discovery, section 4.3), or the document is not used.
 */
public final class AuthorizationServerMetadata {

    static final Duration LIFETIME = Duration.ofHours(1);
    static final Duration RETRY_AFTER = Duration.ofSeconds(10);
    private static final Logger LOG = LoggerFactory.getLogger(AuthorizationServerMetadata.class);
    private static final int MAX_BYTES = 256 * 1024;

    private final ResourceServerSettings settings;
    private final HttpClient http;
    private final Clock clock;
    private Map<String, Object> document;
    private Instant fetchedAt = Instant.MIN;
    private Instant failedAt = Instant.MIN;

    public AuthorizationServerMetadata(ResourceServerSettings settings, HttpClient http, Clock clock) {
        this.settings = settings;
        this.http = http;
        this.clock = clock;
    }

    /** The metadata document, or empty while the provider cannot be reached (or answers with another issuer). */
    public synchronized Optional<Map<String, Object>> document() {
        Instant now = clock.instant();
        boolean stale = document == null || fetchedAt.plus(LIFETIME).isBefore(now);
        if (stale && failedAt.plus(RETRY_AFTER).isBefore(now)) {
            Optional<Map<String, Object>> fetched = fetch();
            if (fetched.isPresent()) {
                document = fetched.get();
                fetchedAt = now;
            } else {
                failedAt = now;
            }
        }
        return Optional.ofNullable(document);
    }

    /** A URL field of the document ({@code jwks_uri}, {@code introspection_endpoint}, ...). */
    public Optional<URI> url(String field) {
        return document().map(doc -> doc.get(field)).filter(String.class::isInstance).map(String.class::cast)
                .flatMap(AuthorizationServerMetadata::absolute);
    }

    private Optional<Map<String, Object>> fetch() {
        URI url = settings.metadataUrl();
        try {
            HttpRequest request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(5))
                    .header("Accept", "application/json").GET().build();
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                byte[] bytes = body.readNBytes(MAX_BYTES + 1);
                if (response.statusCode() != 200 || bytes.length > MAX_BYTES) {
                    LOG.warn("The authorization server's metadata at {} answered {}", url, response.statusCode());
                    return Optional.empty();
                }
                Map<String, Object> doc = JSONObjectUtils.parse(new String(bytes, StandardCharsets.UTF_8));
                if (!settings.issuer().equals(doc.get("issuer"))) {
                    LOG.warn("The metadata at {} names issuer {}, not the configured {}; not used", url,
                            doc.get("issuer"), settings.issuer());
                    return Optional.empty();
                }
                return Optional.of(java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(doc)));
            }
        } catch (IOException | ParseException | IllegalArgumentException e) {
            LOG.warn("The authorization server's metadata at {} could not be read: {}", url, e.toString());
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private static Optional<URI> absolute(String value) {
        try {
            URI uri = URI.create(value);
            return uri.getScheme() != null && uri.getHost() != null ? Optional.of(uri) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
