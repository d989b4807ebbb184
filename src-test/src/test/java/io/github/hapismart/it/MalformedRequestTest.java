package io.github.hapismart.it;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 21, item 2: requests the container cannot read or that are ambiguous (malformed percent-encoding in the query
 * or in a form body, a form body over the container's limit, a wrong content type, a repeated parameter) get a 4xx
 * with a clean body from every servlet of the sample server: a JSON OAuth error from the OAuth endpoints, the HTML
 * error page from the browser endpoints (no redirect: neither the client nor its redirect URI can be trusted), an
 * OperationOutcome from the FHIR API; never a 500, a stack trace or the container's own page. Sent over a raw socket,
 * since Java's HTTP client refuses to send a malformed URI.
 */
@ExtendWith(SharedServer.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MalformedRequestTest {

    /** What a clean refusal looks like at an endpoint. */
    enum Kind { OAUTH_JSON, PAGE, FHIR }

    /** An endpoint, how it answers, and a parameter it reads (the one repeated or garbled). */
    record Endpoint(String method, String path, Kind kind, String parameter) {
        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    /** One kind of bad input. */
    enum Bad { MALFORMED_QUERY, MALFORMED_BODY, OVERSIZED_BODY, WRONG_CONTENT_TYPE, REPEATED_PARAMETER }

    private static final String FORM = "application/x-www-form-urlencoded";
    private static final List<Endpoint> ENDPOINTS = List.of(
            new Endpoint("GET", "/auth/authorize", Kind.PAGE, "client_id"),
            new Endpoint("POST", "/auth/authorize", Kind.PAGE, "client_id"),
            new Endpoint("POST", "/auth/token", Kind.OAUTH_JSON, "grant_type"),
            new Endpoint("POST", "/auth/register", Kind.OAUTH_JSON, "client_name"),
            new Endpoint("POST", "/auth/introspect", Kind.OAUTH_JSON, "token"),
            new Endpoint("POST", "/auth/revoke", Kind.OAUTH_JSON, "token"),
            new Endpoint("POST", "/auth/launch", Kind.OAUTH_JSON, "patient"),
            new Endpoint("POST", "/auth/manage", Kind.PAGE, "action"),
            new Endpoint("POST", "/auth/logout", Kind.PAGE, "csrf"),
            new Endpoint("POST", "/ehr", Kind.PAGE, "action"),
            new Endpoint("GET", "/fhir/Patient", Kind.FHIR, "name"),
            new Endpoint("POST", "/fhir/Patient/_search", Kind.FHIR, "name"));

    private URI root;

    @BeforeAll
    void setUp(SampleServerFixture server) {
        root = URI.create(server.rootUrl());
    }

    static Stream<Arguments> everyEndpointWithEveryBadInput() {
        List<Arguments> cases = new ArrayList<>();
        for (Endpoint endpoint : ENDPOINTS) {
            for (Bad bad : Bad.values()) {
                boolean get = endpoint.method().equals("GET");
                if (get && (bad == Bad.MALFORMED_BODY || bad == Bad.OVERSIZED_BODY || bad == Bad.WRONG_CONTENT_TYPE)) {
                    continue; // a GET has no body
                }
                if (endpoint.kind() == Kind.FHIR && bad == Bad.REPEATED_PARAMETER) {
                    continue; // FHIR search ANDs a repeated parameter: a valid search
                }
                cases.add(Arguments.of(endpoint, bad));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} with {1}")
    @MethodSource
    void everyEndpointWithEveryBadInput(Endpoint endpoint, Bad bad) {
        String p = endpoint.parameter();
        String path = endpoint.path();
        String contentType = FORM;
        String body = "";
        switch (bad) {
            case MALFORMED_QUERY -> path += "?response_type=code&" + p + "=%ZZ";
            case MALFORMED_BODY -> body = "response_type=code&" + p + "=%ZZ";
            case OVERSIZED_BODY -> body = p + "=" + "a".repeat(300_000);
            case WRONG_CONTENT_TYPE -> {
                contentType = "application/xml";
                body = "<" + p + ">x</" + p + ">";
            }
            case REPEATED_PARAMETER -> {
                String twice = "response_type=code&" + p + "=a&" + p + "=b";
                if (endpoint.method().equals("GET")) {
                    path += "?" + twice;
                } else {
                    body = twice;
                }
            }
        }
        if (endpoint.path().equals("/auth/register") && bad == Bad.WRONG_CONTENT_TYPE) {
            contentType = FORM; // registration takes JSON, so a form is its wrong content type
            body = p + "=x";
        }
        RawResponse response = send(endpoint.method(), path, endpoint.method().equals("GET") ? null : contentType,
                body);
        String what = endpoint + " with " + bad + " -> " + response.status() + " " + response.contentType() + "\n"
                + TwoPatients.abbreviate(response.body());
        assertTrue(response.status() >= 400 && response.status() < 500, what);
        assertFalse(response.headers().containsKey("location"), "never a redirect: " + what);
        for (String trace : List.of("Exception", "\tat ", "jetty", "Caused by")) {
            assertFalse(response.body().contains(trace), what);
        }
        switch (endpoint.kind()) {
            case OAUTH_JSON -> assertTrue(response.contentType().startsWith("application/json")
                    && response.body().contains("\"error\""), what);
            case PAGE -> assertTrue(response.contentType().startsWith("text/html")
                    && response.body().contains("<html"), what);
            case FHIR -> assertTrue(response.body().contains("OperationOutcome"), what);
        }
    }

    /** The servlets that read no parameters (static files, keys) answer as usual: never a 5xx or a stack trace. */
    @ParameterizedTest(name = "GET {0} with a malformed query")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"/auth/jwks", "/auth/assets/smart.css",
            "/demo-app/launch.html", "/ehr/smart-style.json", "/fhir/.well-known/smart-configuration"})
    void servletsThatReadNoParametersStillAnswerCleanly(String path) {
        RawResponse response = send("GET", path + "?x=%ZZ", null, "");
        String what = path + " -> " + response.status() + "\n" + TwoPatients.abbreviate(response.body());
        assertTrue(response.status() < 500, what);
        for (String trace : List.of("Exception", "\tat ", "Caused by")) {
            assertFalse(response.body().contains(trace), what);
        }
    }

    /** An answer read off the socket. */
    record RawResponse(int status, Map<String, String> headers, String body) {
        String contentType() {
            return headers.getOrDefault("content-type", "");
        }
    }

    private RawResponse send(String method, String pathAndQuery, String contentType, String body) {
        try (Socket socket = new Socket(root.getHost(), root.getPort())) {
            socket.setSoTimeout(30_000);
            byte[] content = body.getBytes(StandardCharsets.UTF_8);
            StringBuilder head = new StringBuilder(method + " " + pathAndQuery + " HTTP/1.1\r\n")
                    .append("Host: ").append(root.getHost()).append(':').append(root.getPort()).append("\r\n")
                    .append("Accept: */*\r\nConnection: close\r\n");
            if (contentType != null) {
                head.append("Content-Type: ").append(contentType).append("\r\n")
                        .append("Content-Length: ").append(content.length).append("\r\n");
            }
            head.append("\r\n");
            OutputStream out = socket.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            try {
                out.write(content);
                out.flush();
            } catch (IOException closedEarly) {
                // The server may answer and close before reading all of an oversized body; read its answer.
            }
            return parse(socket.getInputStream().readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static RawResponse parse(byte[] raw) {
        String text = new String(raw, StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        String[] lines = text.substring(0, end).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1)
                    .trim());
        }
        byte[] rest = java.util.Arrays.copyOfRange(raw, end + 4, raw.length);
        byte[] body = "chunked".equalsIgnoreCase(headers.get("transfer-encoding")) ? dechunk(rest) : rest;
        return new RawResponse(status, headers, new String(body, StandardCharsets.UTF_8));
    }

    private static byte[] dechunk(byte[] chunked) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        InputStream in = new java.io.ByteArrayInputStream(chunked);
        try {
            while (true) {
                StringBuilder size = new StringBuilder();
                int c;
                while ((c = in.read()) != -1 && c != '\n') {
                    if (c != '\r') {
                        size.append((char) c);
                    }
                }
                int length = size.isEmpty() ? 0 : Integer.parseInt(size.toString().split(";")[0].trim(), 16);
                if (length == 0) {
                    return out.toByteArray();
                }
                out.write(in.readNBytes(length));
                in.read();
                in.read();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
