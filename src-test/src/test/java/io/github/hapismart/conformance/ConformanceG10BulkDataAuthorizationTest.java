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
 * ONC g(10) kit, group {@code bulk_data_authorization} of the Multi-Patient Authorization and API scenario
 * ({@code multi_patient_api_stu2}): the kit's defaults, scope {@code system/*.read} and ES384, and its stricter
 * statuses (exactly 400 for a wrong grant_type or client_assertion_type).
 */
@ExtendWith(SharedServer.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@DisplayName("g10_certification / multi_patient_api_stu2 / bulk_data_authorization: Bulk Data Authorization")
class ConformanceG10BulkDataAuthorizationTest {

    private final Http http = new Http();
    private final InfernoJwks jwks = new InfernoJwks();
    private BackendServicesSteps backend;
    private AuthInfo auth;

    @BeforeAll
    void register(SampleServerFixture server) {
        auth = InfernoRegistration.backend(http, server, jwks, JWSAlgorithm.ES384, "system/*.read");
        // The g(10) kit takes the token endpoint as an input (bulk_token_endpoint); the tester copies it from discovery.
        DiscoverySteps discovery = new DiscoverySteps(http, server);
        discovery.wellKnownEndpoint(auth);
        backend = new BackendServicesSteps(http, auth);
    }

    @AfterAll
    void stop() {
        jwks.close();
    }

    @Test
    @Order(1)
    @DisplayName("bulk_data_authorization / tls_version_test: Authorization service token endpoint secured by TLS")
    void tokenEndpointTls() {
        Inferno.omitTlsCheck(auth.tokenUrl);
    }

    @Test
    @Order(2)
    @DisplayName("bulk_data_authorization: Authorization request fails when client supplies invalid grant_type")
    void invalidGrantType() {
        Inferno.assertStatus(backend.invalidGrantType(), 400);
    }

    @Test
    @Order(3)
    @DisplayName("bulk_data_authorization: Authorization request fails when supplied invalid client_assertion_type")
    void invalidClientAssertionType() {
        Inferno.assertStatus(backend.invalidClientAssertionType(), 400);
    }

    @Test
    @Order(4)
    @DisplayName("bulk_data_authorization: Authorization request fails when client supplies invalid JWT token")
    void invalidJwt() {
        Inferno.assertStatus(backend.invalidIss(), 400, 401);
    }

    @Test
    @Order(5)
    @DisplayName("bulk_data_authorization: Authorization request succeeds when supplied correct information")
    void requestSucceeds() {
        backend.requestSucceeds();
    }

    @Test
    @Order(6)
    @DisplayName("bulk_data_authorization: Authorization request response body contains required information "
            + "encoded in JSON")
    void responseBody() {
        backend.responseBody();
    }
}
