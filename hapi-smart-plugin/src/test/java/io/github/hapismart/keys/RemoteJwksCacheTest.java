package io.github.hapismart.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.sun.net.httpserver.HttpServer;
import io.github.hapismart.store.MovableClock;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The remote JWKS cache of private_key_jwt clients: caching, refetch on an unknown kid (key rotation), the refetch
 * limit and the lifetime, on a movable clock against a key set served from this JVM.
 */
class RemoteJwksCacheTest {

    private static final Duration LIFETIME = Duration.ofMinutes(5);
    private static final Duration REFETCH_INTERVAL = Duration.ofSeconds(10);

    private final MovableClock clock = new MovableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final AtomicReference<String> published = new AtomicReference<>();
    private final AtomicInteger status = new AtomicInteger(200);
    private final AtomicInteger fetches = new AtomicInteger();
    private HttpServer jwksHost;
    private URI uri;
    private RemoteJwksCache cache;

    @BeforeEach
    void serveKeys() throws IOException {
        jwksHost = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        jwksHost.createContext("/jwks", exchange -> {
            fetches.incrementAndGet();
            byte[] body = published.get().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(status.get(), body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        jwksHost.start();
        uri = URI.create("http://127.0.0.1:" + jwksHost.getAddress().getPort() + "/jwks");
        cache = new RemoteJwksCache(HttpClient.newHttpClient(), clock, LIFETIME, REFETCH_INTERVAL);
    }

    @AfterEach
    void stop() {
        jwksHost.stop(0);
    }

    @Test
    void aKeySetIsFetchedOnceAndServedFromTheCacheWithinItsLifetime() throws Exception {
        ECKey key = publish("first");
        assertNotNull(kid(cache.get(uri, Optional.of("first")), "first"));
        clock.advance(LIFETIME.minusSeconds(1));
        assertNotNull(kid(cache.get(uri, Optional.of("first")), "first"));
        assertEquals(1, fetches.get());
        assertEquals(key.toPublicJWK(), cache.get(uri, Optional.empty()).orElseThrow().getKeyByKeyId("first"));
    }

    @Test
    void anUnknownKidRightAfterTheFirstFetchIsLookedUpAtOnceSoARotatedKeyWorksWithoutWaiting() throws Exception {
        publish("first");
        cache.get(uri, Optional.of("first"));
        publish("rotated");
        assertNotNull(kid(cache.get(uri, Optional.of("rotated")), "rotated"));
        assertEquals(2, fetches.get());
    }

    @Test
    void furtherUnknownKidsWithinTheRefetchIntervalAreAnsweredFromTheCacheWithoutFetching() throws Exception {
        publish("first");
        cache.get(uri, Optional.of("first"));
        cache.get(uri, Optional.of("forged-1"));
        assertEquals(2, fetches.get());
        publish("rotated");
        for (int i = 0; i < 5; i++) {
            assertNull(kid(cache.get(uri, Optional.of("rotated")), "rotated"), "fetched within the limit");
        }
        assertEquals(2, fetches.get(), "the refetch limit let a fetch through");
    }

    @Test
    void theRefetchLimitOpensAgainOnceItsIntervalHasPassed() throws Exception {
        publish("first");
        cache.get(uri, Optional.of("first"));
        cache.get(uri, Optional.of("forged-1"));
        publish("rotated");
        clock.advance(REFETCH_INTERVAL.minusMillis(1));
        assertNull(kid(cache.get(uri, Optional.of("rotated")), "rotated"));
        clock.advance(Duration.ofMillis(1));
        assertNotNull(kid(cache.get(uri, Optional.of("rotated")), "rotated"));
        assertEquals(3, fetches.get());
    }

    @Test
    void aKeySetOlderThanItsLifetimeIsFetchedAgainEvenForAKnownKid() throws Exception {
        publish("first");
        cache.get(uri, Optional.of("first"));
        clock.advance(LIFETIME.plusSeconds(1));
        cache.get(uri, Optional.of("first"));
        assertEquals(2, fetches.get());
    }

    @Test
    void anUnreachableOrFailingOrOversizedKeySetIsEmpty() throws Exception {
        publish("first");
        status.set(500);
        assertTrue(cache.get(uri, Optional.of("first")).isEmpty(), "HTTP 500");
        status.set(200);
        published.set("{\"keys\":[], \"padding\":\"" + "x".repeat(300 * 1024) + "\"}");
        assertTrue(new RemoteJwksCache(HttpClient.newHttpClient(), clock, LIFETIME, REFETCH_INTERVAL)
                .get(uri, Optional.empty()).isEmpty(), "over the size limit");
        published.set("not json");
        assertTrue(new RemoteJwksCache(HttpClient.newHttpClient(), clock, LIFETIME, REFETCH_INTERVAL)
                .get(uri, Optional.empty()).isEmpty(), "not a key set");
        URI nobody = URI.create("http://127.0.0.1:1/jwks");
        assertTrue(cache.get(nobody, Optional.empty()).isEmpty(), "unreachable");
    }

    @Test
    void aFailedRefetchKeepsTheCachedKeysInUse() throws Exception {
        publish("first");
        cache.get(uri, Optional.of("first"));
        status.set(503);
        assertNotNull(kid(cache.get(uri, Optional.of("unknown")), "first"));
    }

    private ECKey publish(String kid) throws Exception {
        ECKey key = new ECKeyGenerator(Curve.P_384).keyID(kid).generate();
        published.set(new JWKSet(key.toPublicJWK()).toString());
        return key;
    }

    private static Object kid(Optional<JWKSet> keys, String kid) {
        return keys.orElseThrow().getKeyByKeyId(kid);
    }
}
