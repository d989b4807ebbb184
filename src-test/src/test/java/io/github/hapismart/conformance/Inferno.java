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

    /**
     * Inferno's {@code smart_tls} tests connect to the endpoint over TLS and check that TLS 1.2 or newer is offered and
     * older versions are refused. The suite's in-process server speaks plain HTTP, so these steps are omitted here;
     * TLS 1.2 and 1.3 on {@code SMART_HTTPS_PORT} are verified by {@code HttpsAndPublicUrlTest}.
     */
    static void omitTlsCheck(String url) {
        assertTrue(url != null && url.startsWith("http"), "Not a valid endpoint URL: " + url);
        Assumptions.assumeTrue(url.startsWith("https:"), "omitted: " + url + " is plain HTTP in this run; TLS 1.2/1.3 "
                + "with SMART_HTTPS_PORT is covered by HttpsAndPublicUrlTest");
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
