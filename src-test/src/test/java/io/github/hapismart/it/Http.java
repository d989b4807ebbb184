package io.github.hapismart.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import javax.net.ssl.SSLContext;

/** A small HTTP client for the tests: real requests over loopback, JSON bodies parsed with Jackson. */
public final class Http {

    private final SSLContext tls;
    private final HttpClient client;
    private final ObjectMapper json = new ObjectMapper();

    /** A client that trusts what the JDK trusts (for plain-HTTP servers). */
    public Http() {
        this(defaultTls());
    }

    /** A client whose HTTPS connections trust {@code tls} (a test server's own certificate). */
    public Http(SSLContext tls) {
        this.tls = tls;
        this.client = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NEVER)
                .sslContext(tls)
                .build();
    }

    /** The TLS context this client's HTTPS connections trust. */
    public SSLContext tls() {
        return tls;
    }

    private static SSLContext defaultTls() {
        try {
            return SSLContext.getDefault();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A response with its body as text and, where it is JSON, parsed. */
    public record Response(int status, java.net.http.HttpHeaders headers, String body, JsonNode json) {
        public String header(String name) {
            return headers.firstValue(name).orElse(null);
        }
    }

    public Response get(String url, String... headers) {
        return send(HttpRequest.newBuilder(URI.create(url)).headers(withDefaults(headers)).GET().build());
    }

    public Response postJson(String url, String body, String... headers) {
        return send(HttpRequest.newBuilder(URI.create(url)).headers(withDefaults(headers))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    public Response postForm(String url, String body, String... headers) {
        return send(HttpRequest.newBuilder(URI.create(url)).headers(withDefaults(headers))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    public Response options(String url, String... headers) {
        return send(HttpRequest.newBuilder(URI.create(url)).headers(withDefaults(headers))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).build());
    }

    public Response send(HttpRequest request) {
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            JsonNode parsed = null;
            String type = response.headers().firstValue("Content-Type").orElse("");
            if (type.contains("json") && !response.body().isEmpty()) {
                try {
                    parsed = json.readTree(response.body());
                } catch (IOException notJson) {
                    parsed = null; // ndjson or a mislabelled body: callers read body() instead
                }
            }
            return new Response(response.statusCode(), response.headers(), response.body(), parsed);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String[] withDefaults(String[] headers) {
        if (headers.length == 0) {
            return new String[] {"Accept", "application/json"};
        }
        return headers;
    }
}
