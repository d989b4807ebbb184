package io.github.hapismart.keys;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.JWKSetBasedJWKSource;
import com.nimbusds.jose.jwk.source.JWKSetCacheRefreshEvaluator;
import com.nimbusds.jose.jwk.source.JWKSetSource;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.Resource;
import com.nimbusds.jose.util.ResourceRetriever;
import java.io.IOException;
import java.io.InputStream;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Client public keys fetched from their {@code jwks_uri}, through nimbus-jose's {@link JWKSourceBuilder}: each URI's
 * key set is cached for {@code lifetime}, and a key id missing from it triggers a refetch, rate-limited by nimbus to
 * two fetches per {@code minRefetchInterval} (one left for a key rotation after the regular fetch, so a rotated key is
 * picked up at once while forged key ids cannot make the server fetch more often). Fetches have a timeout and a size
 * limit, so that a slow or huge key set cannot stall the token endpoint, and go through the injected
 * {@link HttpClient}. At most 1,000 URIs are tracked; one not asked for during {@code lifetime} is dropped.
 *
 * <p>Time is the injected {@link Clock}'s: nimbus's own {@code JWKSource.get} reads the system clock, so this class
 * asks the {@link JWKSetSource} under it directly, passing {@code clock.millis()}; expiry and the refetch limit are
 * therefore testable without waiting.
 */
public final class RemoteJwksCache {

    private static final int MAX_BYTES = 256 * 1024;
    private static final Duration FETCH_TIMEOUT = Duration.ofSeconds(5);

    private final Clock clock;
    private final Duration lifetime;
    private final Duration minRefetchInterval;
    private final ResourceRetriever retriever;
    private final Cache<URI, JWKSetSource<SecurityContext>> sources;

    /**
     * @param lifetime           how long a fetched key set is used before it is fetched again
     * @param minRefetchInterval the rate limit's period: at most two fetches of one URI within it
     */
    public RemoteJwksCache(HttpClient http, Clock clock, Duration lifetime, Duration minRefetchInterval) {
        this.clock = Objects.requireNonNull(clock);
        this.lifetime = requirePositive(lifetime, "lifetime");
        this.minRefetchInterval = requirePositive(minRefetchInterval, "minRefetchInterval");
        this.retriever = new HttpClientRetriever(Objects.requireNonNull(http));
        this.sources = Caffeine.newBuilder().maximumSize(1_000).expireAfterAccess(lifetime).build();
    }

    /**
     * The key set at {@code uri}; empty when it cannot be fetched (and none is cached). When {@code wantedKid} is
     * given and not in the cached set, the set is fetched again unless the rate limit refuses it, in which case the
     * cached set is returned.
     */
    public Optional<JWKSet> get(URI uri, Optional<String> wantedKid) {
        JWKSetSource<SecurityContext> source;
        try {
            source = sources.get(uri, this::newSource);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        long now = clock.millis();
        JWKSet keys;
        try {
            keys = source.getJWKSet(JWKSetCacheRefreshEvaluator.noRefresh(), now, null);
        } catch (KeySourceException e) {
            return Optional.empty();
        }
        if (wantedKid.isPresent() && keys.getKeyByKeyId(wantedKid.get()) == null) {
            try {
                // Refreshes only if no other thread has replaced this set meanwhile.
                keys = source.getJWKSet(JWKSetCacheRefreshEvaluator.referenceComparison(keys), now, null);
            } catch (KeySourceException e) {
                // Rate-limited or unreachable: the cached keys stay in use, and the kid is simply not found.
            }
        }
        return Optional.of(keys);
    }

    private JWKSetSource<SecurityContext> newSource(URI uri) {
        URL url;
        try {
            url = uri.toURL();
        } catch (MalformedURLException | IllegalArgumentException e) {
            throw new IllegalArgumentException("Not a URL: " + uri, e);
        }
        JWKSource<SecurityContext> built = JWKSourceBuilder.<SecurityContext>create(url, retriever)
                .cache(lifetime.toMillis(), FETCH_TIMEOUT.toMillis())
                .refreshAheadCache(false) // no background threads: refreshes happen on the request that needs them
                .rateLimited(minRefetchInterval.toMillis())
                .retrying(false)
                .outageTolerant(false)
                .build();
        if (!(built instanceof JWKSetBasedJWKSource<SecurityContext> setBased)) {
            throw new IllegalStateException("JWKSourceBuilder built " + built.getClass());
        }
        return setBased.getJWKSetSource();
    }

    private static Duration requirePositive(Duration value, String name) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive");
        }
        return value;
    }

    /** Nimbus's resource retriever over the server's {@link HttpClient}, with a timeout and a size limit. */
    private record HttpClientRetriever(HttpClient http) implements ResourceRetriever {

        @Override
        public Resource retrieveResource(URL url) throws IOException {
            HttpRequest request;
            try {
                request = HttpRequest.newBuilder(url.toURI()).timeout(FETCH_TIMEOUT)
                        .header("Accept", "application/json").GET().build();
            } catch (URISyntaxException | IllegalArgumentException e) {
                throw new IOException("Not a fetchable URL: " + url, e);
            }
            HttpResponse<InputStream> response;
            try {
                response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("Interrupted while fetching " + url, e);
            }
            try (InputStream body = response.body()) {
                if (response.statusCode() != 200) {
                    throw new IOException("HTTP " + response.statusCode() + " from " + url);
                }
                byte[] bytes = body.readNBytes(MAX_BYTES + 1);
                if (bytes.length > MAX_BYTES) {
                    throw new IOException("The key set at " + url + " is larger than " + MAX_BYTES + " bytes");
                }
                return new Resource(new String(bytes, StandardCharsets.UTF_8),
                        response.headers().firstValue("Content-Type").orElse(null));
            }
        }
    }
}
