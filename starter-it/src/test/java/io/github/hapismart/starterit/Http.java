package io.github.hapismart.starterit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A small HTTP client for these tests (a trimmed copy of src-test's {@code Http}): real requests over loopback, no
 * redirects followed, cookies kept (for the authorization pages), JSON bodies parsed.
 */
final class Http {

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NEVER).cookieHandler(new CookieManager()).build();
    private final ObjectMapper json = new ObjectMapper();

    /** A response with its body as text and, where it is JSON, parsed. */
    record Response(int status, java.net.http.HttpHeaders headers, String body, JsonNode json) {
        String header(String name) {
            return headers.firstValue(name).orElse(null);
        }
    }

    Response get(String url, String... headers) {
        return send(HttpRequest.newBuilder(URI.create(url)).headers(withAccept(headers)).GET().build());
    }

    /** An OPTIONS request (a CORS preflight), with exactly the given headers. */
    Response options(String url, String... headers) {
        return send(HttpRequest.newBuilder(URI.create(url)).headers(headers)
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).build());
    }

    Response postForm(String url, String body, String... headers) {
        return send(HttpRequest.newBuilder(URI.create(url)).headers(withAccept(headers))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    static String form(Map<String, String> params) {
        return params.entrySet().stream().map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private Response send(HttpRequest request) {
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            JsonNode parsed = null;
            if (response.headers().firstValue("Content-Type").orElse("").contains("json")
                    && !response.body().isEmpty()) {
                try {
                    parsed = json.readTree(response.body());
                } catch (IOException notJson) {
                    parsed = null; // ndjson: callers read body()
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

    private static String[] withAccept(String[] headers) {
        return headers.length == 0 ? new String[] {"Accept", "application/json"} : headers;
    }
}
