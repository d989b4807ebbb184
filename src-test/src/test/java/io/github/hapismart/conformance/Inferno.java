package io.github.hapismart.conformance;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.hapismart.it.Http;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;

/** Inferno's vocabulary for the conformance steps: its origin, its assertions, its form posts. */
final class Inferno {

    /** The origin Inferno sends in CORS checks ({@code Inferno::Application['inferno_host']}). */
    static final String ORIGIN = "http://localhost:4567";

    private static final ObjectMapper JSON = new ObjectMapper();

    private Inferno() {
    }

    /** {@code assert_response_status}: the status is one of {@code expected}. */
    static void assertStatus(Http.Response response, int... expected) {
        if (Arrays.stream(expected).noneMatch(status -> status == response.status())) {
            fail("Unexpected response status: expected " + Arrays.toString(expected) + ", but received "
                    + response.status() + ": " + response.body());
        }
    }

    /** {@code assert_valid_json}: the body parses as JSON. */
    static JsonNode assertValidJson(String body) {
        try {
            JsonNode node = JSON.readTree(body);
            assertNotNull(node, "Empty body where JSON was expected");
            return node;
        } catch (IOException e) {
            return fail("Invalid JSON: " + e.getMessage());
        }
    }

    /** Inferno's {@code skip_if}: marks the step skipped (JUnit aborted), as Inferno does when an input is missing. */
    static void skipIf(boolean condition, String message) {
        Assumptions.assumeFalse(condition, message);
    }

    /** The versions Inferno's {@code tls_version_test} tries one by one, oldest first, and what it calls them. */
    private static final Map<String, String> TLS_VERSIONS = tlsVersions();

    /**
     * Inferno's {@code tls_version_test} (tls_test_kit) as the SMART kits configure it
     * ({@code minimum_allowed_version: TLS 1.2}): a connection to the URL with each protocol version alone, the server's
     * certificate verified ({@code VERIFY_PEER}; here against the test server's own certificate, as a tester adds it to
     * Inferno's trust store). A version below 1.2 that connects is an error, a refused one is correct; at least one
     * allowed version (1.2 or 1.3) must connect. As in Inferno, a connection the client itself cannot offer (this
     * JDK disables SSL 3.0, TLS 1.0 and 1.1) counts as refused.
     */
    static void tlsVersionTest(Http http, String url) {
        skipIf(url == null || url.isBlank(), "Could not verify when no url provided.");
        java.util.List<String> errors = new java.util.ArrayList<>();
        boolean supported = false;
        for (Map.Entry<String, String> version : TLS_VERSIONS.entrySet()) {
            boolean allowed = version.getKey().equals("TLSv1.2") || version.getKey().equals("TLSv1.3");
            boolean connected = connects(http, url, version.getKey());
            if (connected && !allowed) {
                errors.add(url + " accepted " + version.getValue() + " connection even though "
                        + version.getValue() + " connections should be denied.");
            }
            supported |= connected && allowed;
        }
        assertTrue(errors.isEmpty(), "Server did not permit/deny the connections with the correct TLS versions: "
                + errors);
        assertTrue(supported, "Server did not support any allowed TLS versions.");
    }

    private static boolean connects(Http http, String url, String protocol) {
        try {
            java.net.http.HttpClient client = java.net.http.HttpClient.newBuilder().sslContext(http.tls())
                    .sslParameters(new javax.net.ssl.SSLParameters(null, new String[] {protocol}))
                    .connectTimeout(java.time.Duration.ofSeconds(10)).build();
            client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url)).GET().build(),
                    java.net.http.HttpResponse.BodyHandlers.discarding());
            return true;
        } catch (IOException | IllegalArgumentException refused) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> tlsVersions() {
        Map<String, String> versions = new LinkedHashMap<>();
        versions.put("SSLv2Hello", "SSL 2.0");
        versions.put("SSLv3", "SSL 3.0");
        versions.put("TLSv1", "TLS 1.0");
        versions.put("TLSv1.1", "TLS 1.1");
        versions.put("TLSv1.2", "TLS 1.2");
        versions.put("TLSv1.3", "TLS 1.3");
        return versions;
    }

    static String form(Map<String, String> params) {
        return params.entrySet().stream().map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
    }

    static Map<String, String> params(String... pairs) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return map;
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    static String basic(String clientId, String secret) {
        return "Basic " + java.util.Base64.getEncoder().encodeToString((clientId + ":" + secret)
                .getBytes(StandardCharsets.UTF_8));
    }
}
