package io.github.hapismart.resource;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A loopback HTTP server standing in for an authorization server's key set, metadata and introspection endpoints in
 * unit tests (the integration tests use a real provider): what it answers can be changed, and it counts key set
 * fetches.
 */
final class StubAuthorizationServer implements AutoCloseable {

    final AtomicReference<List<JWK>> keys = new AtomicReference<>(List.of());
    final AtomicReference<Map<String, Object>> metadata = new AtomicReference<>(Map.of());
    final AtomicReference<Map<String, Object>> introspection = new AtomicReference<>(Map.of("active", false));
    final AtomicInteger jwksFetches = new AtomicInteger();
    final AtomicInteger introspections = new AtomicInteger();
    final AtomicReference<String> lastAuthorization = new AtomicReference<>();
    private final HttpServer server;

    StubAuthorizationServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/jwks", exchange -> {
            jwksFetches.incrementAndGet();
            send(exchange, new JWKSet(keys.get()).toString(true));
        });
        server.createContext("/.well-known/openid-configuration",
                exchange -> send(exchange, JSONObjectUtils.toJSONString(metadata.get())));
        server.createContext("/introspect", exchange -> {
            introspections.incrementAndGet();
            lastAuthorization.set(exchange.getRequestHeaders().getFirst("Authorization"));
            exchange.getRequestBody().readAllBytes();
            send(exchange, JSONObjectUtils.toJSONString(introspection.get()));
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private static void send(HttpExchange exchange, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
