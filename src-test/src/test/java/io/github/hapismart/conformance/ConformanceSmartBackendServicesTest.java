package io.github.hapismart.conformance;

import com.nimbusds.jose.JWSAlgorithm;
import io.github.hapismart.it.Http;
import io.github.hapismart.it.SampleServerFixture;
import io.github.hapismart.it.SharedServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * SMART App Launch STU2.2 kit, group {@code smart_backend_services}: discovery, then
 * {@code backend_services_authorization} with a client registered with Inferno's JWK Set URL (RS384).
 */
@ExtendWith(SharedServer.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@DisplayName("smart_stu2_2 / smart_backend_services: Backend Services")
class ConformanceSmartBackendServicesTest {

    private final Http http = new Http();
    private final InfernoJwks jwks = new InfernoJwks();
    private DiscoverySteps discovery;
    private BackendServicesSteps backend;
    private AuthInfo auth;

    @BeforeAll
    void register(SampleServerFixture server) {
        discovery = new DiscoverySteps(http, server);
        auth = InfernoRegistration.backend(http, server, jwks, JWSAlgorithm.RS384, "system/*.rs");
        backend = new BackendServicesSteps(http, auth);
    }

    @AfterAll
    void stop() {
        jwks.close();
    }

    @Test
    @Order(1)
    @DisplayName("smart_discovery_stu2_2 / well_known_endpoint: FHIR server makes SMART configuration available from "
            + "well-known endpoint")
    void wellKnownEndpoint() {
        discovery.wellKnownEndpoint(auth);
    }

    @Test
    @Order(2)
    @DisplayName("smart_discovery_stu2_2 / well_known_capabilities_stu2: Well-known configuration contains required "
            + "fields")
    void wellKnownCapabilities() {
        discovery.wellKnownCapabilitiesStu2();
    }

    @Test
    @Order(3)
    @DisplayName("smart_discovery_stu2_2 / smart_cors_well_known_endpoint: .well-known/smart-configuration enables "
            + "CORS")
    void corsWellKnown() {
        discovery.corsWellKnownEndpoint();
    }

    @Test
    @Order(4)
    @DisplayName("smart_discovery_stu2_2 / smart_cors_metadata_request: metadata enables CORS")
    void corsMetadata() {
        discovery.corsMetadataRequest();
    }

    @Test
    @Order(5)
    @DisplayName("backend_services_authorization / smart_backend_services_token_tls_version: token endpoint secured "
            + "by TLS")
    void tokenEndpointTls() {
        Inferno.omitTlsCheck(auth.tokenUrl);
    }

    @Test
    @Order(6)
    @DisplayName("backend_services_authorization / smart_backend_services_invalid_grant_type: Authorization request "
            + "fails when client supplies invalid grant_type")
    void invalidGrantType() {
        Inferno.assertStatus(backend.invalidGrantType(), 400);
    }

    @Test
    @Order(7)
    @DisplayName("backend_services_authorization / smart_backend_services_invalid_client_assertion: Authorization "
            + "request fails when supplied invalid client_assertion_type")
    void invalidClientAssertionType() {
        Inferno.assertStatus(backend.invalidClientAssertionType(), 400, 401);
    }

    @Test
    @Order(8)
    @DisplayName("backend_services_authorization / smart_backend_services_invalid_jwt: Authorization request fails "
            + "when client supplies invalid JWT token")
    void invalidJwt() {
        // The kit's request for this test carries the invalid client_assertion_type of the previous one.
        Inferno.assertStatus(backend.invalidClientAssertionType(), 400, 401);
        Inferno.assertStatus(backend.invalidIss(), 400, 401);
    }

    @Test
    @Order(9)
    @DisplayName("backend_services_authorization / smart_backend_services_auth_request_success: Authorization "
            + "request succeeds when supplied correct information")
    void requestSucceeds() {
        backend.requestSucceeds();
    }

    @Test
    @Order(10)
    @DisplayName("backend_services_authorization / smart_backend_services_auth_response_body: Authorization request "
            + "response body contains required information encoded in JSON")
    void responseBody() {
        backend.responseBody();
    }
}
