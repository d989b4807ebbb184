package io.github.hapismart.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A refusal decided before the request's body is read must say {@code Connection: close}: the container closes such
 * a connection after the answer, and without the header a client that reused it got no answer at all (seen once in
 * CI, on App State). Each request here announces a body and never sends it, so the refusal is always decided before
 * the body could arrive; a refusal after the body was read keeps the connection for the next request.
 */
@ExtendWith(SharedServer.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UnreadBodyRefusalTest {

    private URI root;

    @BeforeAll
    void setUp(SampleServerFixture server) {
        root = URI.create(server.rootUrl());
    }

    @Test
    void aFhirPostWithoutATokenClosesTheConnectionOpenly() throws IOException {
        Map<String, String> answer = headOnly("POST", "/fhir/Patient", "application/fhir+json");
        assertEquals("HTTP/1.1 401 Unauthorized", answer.get(""));
        assertEquals("close", answer.get("connection"));
    }

    @Test
    void aTokenRequestThatIsNotAFormClosesTheConnectionOpenly() throws IOException {
        Map<String, String> answer = headOnly("POST", "/auth/token", "application/json");
        assertEquals("HTTP/1.1 400 Bad Request", answer.get(""));
        assertEquals("close", answer.get("connection"));
    }

    @Test
    void anAppStatePostWithoutATokenClosesTheConnectionOpenly() throws IOException {
        Map<String, String> answer = headOnly("POST", "/auth/appstate/Basic", "application/fhir+json");
        assertEquals("HTTP/1.1 401 Unauthorized", answer.get(""));
        assertEquals("close", answer.get("connection"));
    }

    @Test
    void aRefusalAfterTheBodyWasReadKeepsTheConnection() throws IOException {
        byte[] form = "grant_type=nonsense".getBytes(StandardCharsets.US_ASCII);
        try (Socket socket = connect()) {
            OutputStream out = socket.getOutputStream();
            out.write(head("POST", "/auth/token", "application/x-www-form-urlencoded", form.length));
            out.write(form);
            out.write(("GET /fhir/metadata HTTP/1.1\r\nHost: " + root.getRawAuthority() + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            Map<String, String> refused = answerHead(in);
            assertEquals("HTTP/1.1 400 Bad Request", refused.get(""));
            assertNull(refused.get("connection"));
            skipBody(in, refused);
            assertEquals("HTTP/1.1 200 OK", answerHead(in).get(""));
        }
    }

    /** Sends a request that announces a 500-byte body and never sends it; gives the answer's head. */
    private Map<String, String> headOnly(String method, String path, String contentType) throws IOException {
        try (Socket socket = connect()) {
            socket.getOutputStream().write(head(method, path, contentType, 500));
            socket.getOutputStream().flush();
            return answerHead(socket.getInputStream());
        }
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket(root.getHost(), root.getPort());
        socket.setSoTimeout(30_000);
        return socket;
    }

    private byte[] head(String method, String path, String contentType, int length) {
        return (method + " " + path + " HTTP/1.1\r\nHost: " + root.getRawAuthority() + "\r\nContent-Type: "
                + contentType + "\r\nContent-Length: " + length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** The status line (under the key "") and the headers (lower-case names) of one HTTP/1.1 answer. */
    private static Map<String, String> answerHead(InputStream in) throws IOException {
        Map<String, String> head = new HashMap<>();
        head.put("", line(in));
        for (String header = line(in); !header.isEmpty(); header = line(in)) {
            int colon = header.indexOf(':');
            head.put(header.substring(0, colon).strip().toLowerCase(Locale.ROOT), header.substring(colon + 1).strip());
        }
        return head;
    }

    /** Reads the body of an answer sent with {@code Content-Length} or chunked. */
    private static void skipBody(InputStream in, Map<String, String> head) throws IOException {
        if (head.containsKey("content-length")) {
            in.readNBytes(Integer.parseInt(head.get("content-length")));
            return;
        }
        assertEquals("chunked", head.get("transfer-encoding"));
        for (int size = Integer.parseInt(line(in).strip(), 16); size > 0; size = Integer.parseInt(line(in).strip(), 16)) {
            in.readNBytes(size);
            line(in);
        }
        line(in);
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new IOException("the server closed the connection after: " + line);
            }
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }
}
