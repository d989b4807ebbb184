package io.github.hapismart.starterit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ca.uhn.fhir.rest.server.RestfulServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/**
 * The plugin next to what the starter already serves. Its pages: the actuator's health endpoint and Swagger UI (with
 * the OpenAPI document) stay reachable without a token, while the FHIR calls the MCP tools make in-process, like any
 * FHIR data request, are refused without one. Its CORS: the plugin's CORS next to the starter's own ({@code hapi.fhir.cors}: HAPI's CorsInterceptor, the origin echoed with
 * credentials) in the default {@code smart.cors-mode: merge}: on the FHIR API an origin the host allows is answered
 * exactly as the host configured it, one only the plugin allows gets the plugin's policy (no credentials), and the
 * {@code /auth} endpoints follow the plugin's policy.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostCoexistenceTest {

    /** Allowed by the application.yaml's {@code hapi.fhir.cors}, not by {@code smart.cors-allowed-origins}. */
    private static final String HOST_ORIGIN = "https://host-app.example.org";
    /** Allowed by both: the plugin alone would answer it without credentials. */
    private static final String BOTH_ORIGIN = "https://both-app.example.org";
    /** Allowed by {@code smart.cors-allowed-origins}, not by {@code hapi.fhir.cors}. */
    private static final String SMART_ORIGIN = "https://smart-app.example.org";

    private final Http http = new Http();
    private ConfigurableApplicationContext server;
    private String root;

    @BeforeAll
    void start(@TempDir Path secrets) throws IOException {
        Files.writeString(secrets.resolve("my-ehr-secret"), "ehr-" + UUID.randomUUID());
        Files.writeString(secrets.resolve("dr-jones-password"), "dr-" + UUID.randomUUID());
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        root = "http://localhost:" + port;
        server = SpringApplication.run(StarterLikeApplication.class, "--server.port=" + port,
                "--starter-it.secrets-dir=" + secrets, "--starter-it.backend-jwks=" + new BackendKey().publicJwks());
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void anOriginTheHostAllowsKeepsItsCredentialsOnTheFhirApi() {
        Http.Response response = http.get(root + "/fhir/metadata", "Origin", HOST_ORIGIN,
                "Accept", "application/fhir+json");
        assertEquals(HOST_ORIGIN + " credentials=true", cors(response));
    }

    @Test
    void anOriginBothAllowIsAnsweredAsTheHostConfiguredIt() {
        Http.Response response = http.get(root + "/fhir/metadata", "Origin", BOTH_ORIGIN,
                "Accept", "application/fhir+json");
        assertEquals(BOTH_ORIGIN + " credentials=true", cors(response));
    }

    @Test
    void aPreflightFromAnOriginBothAllowIsAnsweredByTheHost() {
        Http.Response response = http.options(root + "/fhir/Patient", "Origin", BOTH_ORIGIN,
                "Access-Control-Request-Method", "GET", "Access-Control-Request-Headers", "authorization");
        assertEquals("200 " + BOTH_ORIGIN + " credentials=true", response.status() + " " + cors(response));
    }

    @Test
    void anOriginOnlyThePluginAllowsGetsThePluginsPolicyOnTheFhirApi() {
        Http.Response response = http.get(root + "/fhir/metadata", "Origin", SMART_ORIGIN,
                "Accept", "application/fhir+json");
        assertEquals(SMART_ORIGIN + " credentials=null", cors(response));
    }

    @Test
    void theTokenEndpointFollowsThePluginsPolicy() {
        Http.Response response = http.options(root + "/auth/token", "Origin", SMART_ORIGIN,
                "Access-Control-Request-Method", "POST");
        assertEquals("204 " + SMART_ORIGIN + " credentials=null", response.status() + " " + cors(response));
    }

    @Test
    void theTokenEndpointDoesNotTakeTheHostsOrigins() {
        Http.Response response = http.options(root + "/auth/token", "Origin", HOST_ORIGIN,
                "Access-Control-Request-Method", "POST");
        assertEquals("null credentials=null", cors(response));
    }

    @Test
    void actuatorHealthStaysPublic() {
        Http.Response response = http.get(root + "/actuator/health");
        assertEquals("200 UP", response.status() + " " + response.json().path("status").asText());
    }

    @Test
    void swaggerUiLoadsWithoutAToken() {
        Http.Response response = http.get(root + "/fhir/swagger-ui/", "Accept", "text/html");
        assertEquals("200 true", response.status() + " " + response.body().contains("swagger"));
    }

    @Test
    void theOpenApiDocumentLoadsWithoutAToken() {
        Http.Response response = http.get(root + "/fhir/api-docs", "Accept", "application/json");
        assertEquals("200 true", response.status() + " " + response.body().contains("openapi"));
    }

    @Test
    void anInProcessFhirCallAsTheMcpToolsMakeItIsRefusedWithoutAToken() throws Exception {
        // As the starter's McpFhirBridge: a mock request handed straight to the RestfulServer, no Authorization (the
        // bridge calls handleRequest from HAPI's package; service() is its public door).
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/Patient");
        request.addHeader("Accept", "application/fhir+json");
        MockHttpServletResponse response = new MockHttpServletResponse();
        server.getBean(RestfulServer.class).service(request, response);
        assertEquals("401 false", response.getStatus() + " "
                + response.getContentAsString().contains("\"resourceType\":\"Bundle\""));
    }

    /** The CORS headers that matter here, as one comparable line. */
    private static String cors(Http.Response response) {
        return response.header("Access-Control-Allow-Origin") + " credentials="
                + response.header("Access-Control-Allow-Credentials");
    }
}
