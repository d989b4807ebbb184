package io.github.hapismart.keys;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.nimbusds.jose.jwk.JWKSet;
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
import java.util.Optional;

/**
 * Client public keys fetched from their {@code jwks_uri}: cached (bounded in size and lifetime), refetched at most
 * once per {@code minRefetchInterval} when a key id is unknown (key rotation), and fetched with a timeout and a size
 * limit so that a slow or huge key set cannot stall the token endpoint.
 */
public final class RemoteJwksCache {

    private static final int MAX_BYTES = 256 * 1024;

    private final HttpClient http;
    private final Clock clock;
    private final Duration minRefetchInterval;
    private final Cache<URI, Entry> cache;

    private record Entry(JWKSet keys, Instant fetchedAt) {
    }

    public RemoteJwksCache(HttpClient http, Clock clock, Duration lifetime, Duration minRefetchInterval) {
        this.http = http;
        this.clock = clock;
        this.minRefetchInterval = minRefetchInterval;
        this.cache = Caffeine.newBuilder().maximumSize(1_000).expireAfterWrite(lifetime).build();
    }

    /**
     * The key set at {@code uri}. When {@code wantedKid} is given and not in the cached set, the set is fetched
     * again unless it was fetched less than {@code minRefetchInterval} ago.
     */
    public Optional<JWKSet> get(URI uri, Optional<String> wantedKid) {
        Entry entry = cache.getIfPresent(uri);
        boolean missingKid = entry != null && wantedKid.isPresent()
                && entry.keys().getKeyByKeyId(wantedKid.get()) == null;
        boolean mayRefetch = entry == null
                || entry.fetchedAt().plus(minRefetchInterval).isBefore(clock.instant());
        if (entry == null || (missingKid && mayRefetch)) {
            Optional<JWKSet> fetched = fetch(uri);
            if (fetched.isPresent()) {
                entry = new Entry(fetched.get(), clock.instant());
                cache.put(uri, entry);
            }
        }
        return Optional.ofNullable(entry).map(Entry::keys);
    }

    private Optional<JWKSet> fetch(URI uri) {
        try {
            HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5))
                    .header("Accept", "application/json").GET().build();
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                if (response.statusCode() != 200) {
                    return Optional.empty();
                }
                byte[] bytes = body.readNBytes(MAX_BYTES + 1);
                if (bytes.length > MAX_BYTES) {
                    return Optional.empty();
                }
                return Optional.of(JWKSet.parse(new String(bytes, StandardCharsets.UTF_8)));
            }
        } catch (IOException | ParseException | IllegalArgumentException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
