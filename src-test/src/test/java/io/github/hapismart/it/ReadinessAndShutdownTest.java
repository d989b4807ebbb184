package io.github.hapismart.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ready or refused (issue 25): a starting server answers every request at once with 503 and {@code Retry-After}
 * instead of leaving it hanging, {@code /health/ready} tells a load balancer when to send traffic, and SIGTERM lets
 * a request in flight complete before the server stops, logging how long the stop took.
 */
class ReadinessAndShutdownTest {

    private final Http http = new Http();

    @Test
    void aStartingServerRefusesEveryRequestAtOnceWith503AndRetryAfterUntilItIsReady(@TempDir Path folder)
            throws IOException {
        int port = SampleServerFixture.freePort();
        try (SampleServerProcess server = SampleServerProcess.launch(port, folder.resolve("data"),
                folder.resolve("server.log"), SampleServerProcess.TEST_JVM_OPTIONS, List.of())) {
            awaitListening(port);
            // HAPI JPA takes seconds to start after the port opens; these requests arrive in that window.
            Http.Response fhir = http.get(server.fhirBase() + "/Patient", "Accept", "application/fhir+json");
            assertEquals(503, fhir.status(), fhir.body());
            assertEquals("5", fhir.header("Retry-After"));
            assertEquals("OperationOutcome", fhir.json().path("resourceType").asText());
            Http.Response token = http.postForm(server.rootUrl() + "/auth/token", "grant_type=client_credentials");
            assertEquals(503, token.status(), token.body());
            assertEquals("temporarily_unavailable", token.json().path("error").asText());
            assertEquals(503, http.get(server.rootUrl() + "/health/ready").status());

            server.awaitReady();
            assertEquals(200, http.get(server.fhirBase() + "/.well-known/smart-configuration").status());
        }
    }

    @Test
    void sigtermLetsARequestInFlightCompleteAndLogsHowLongTheStopTook(@TempDir Path folder) throws IOException {
        int port = SampleServerFixture.freePort();
        Path log = folder.resolve("server.log");
        try (SampleServerProcess server = SampleServerProcess.start(port, folder.resolve("data"), log,
                SampleServerProcess.TEST_JVM_OPTIONS, List.of())) {
            BackendClient backend = BackendClient.es384().registerWithJwks(http, server, "system/Organization.c");
            String token = http.postForm(server.rootUrl() + "/auth/token", BackendClient.tokenForm(
                    backend.assertion(server.rootUrl() + "/auth/token"), "system/Organization.c")).json()
                    .path("access_token").asText();
            byte[] body = "{\"resourceType\":\"Organization\",\"name\":\"Created while the server stops\"}"
                    .getBytes(StandardCharsets.UTF_8);
            try (Socket socket = new Socket("localhost", port)) {
                socket.setSoTimeout(60_000);
                OutputStream out = socket.getOutputStream();
                // The request is in flight: its headers and half its body have arrived, the rest has not.
                out.write(("POST /fhir/Organization HTTP/1.1\r\nHost: localhost:" + port + "\r\n"
                        + "Authorization: Bearer " + token + "\r\nContent-Type: application/fhir+json\r\n"
                        + "Content-Length: " + body.length + "\r\nConnection: close\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.write(body, 0, body.length / 2);
                out.flush();
                await("the request reaching the server").atMost(Duration.ofSeconds(30))
                        .pollInterval(Duration.ofMillis(100))
                        .until(() -> http.get(server.rootUrl() + "/health/live").json().path("inFlight").asInt() == 1);
                server.terminate();
                await("the stopping line in " + log).atMost(Duration.ofSeconds(30))
                        .pollInterval(Duration.ofMillis(100)).until(() -> logContains(log, "Sample server stopping"));
                out.write(body, body.length / 2, body.length - body.length / 2);
                out.flush();
                String response = readAll(socket.getInputStream());
                assertTrue(response.startsWith("HTTP/1.1 201 "), response);
            }
            server.awaitExit();
            assertTrue(logContains(log, "Sample server stopped in"), "no stop line in " + log);
        }
    }

    private static boolean logContains(Path log, String line) {
        try {
            return Files.readString(log).contains(line);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void awaitListening(int port) {
        await("port " + port + " open").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
            try (Socket ignored = new Socket("localhost", port)) {
                return true;
            } catch (IOException notYet) {
                return false;
            }
        });
    }

    private static String readAll(InputStream in) throws IOException {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
}
