package io.github.hapismart.conformance;

import io.github.hapismart.it.Http;
import io.github.hapismart.it.SampleServerFixture;
import io.github.hapismart.it.SharedServer;
import java.util.List;
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
 * ONC g(10) kit, group {@code g10_smart_granular_scope_selection_stu2_2}: resource-level Condition and Observation
 * scopes are requested; on the consent page the patient unticks them and ticks every category offered under them
 * instead (Encounter Diagnosis, Problem List, Health Concern; Clinical Test, Laboratory, Social History, SDOH, Survey,
 * Vital Signs), keeping Patient. The kit's default client type, confidential asymmetric, is used.
 */
@ExtendWith(SharedServer.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@DisplayName("g10_certification / g10_smart_granular_scope_selection_stu2_2: SMART Granular Scope Selection")
class ConformanceG10GranularScopeSelectionTest {

    private final Http http = new Http();
    private final InfernoJwks jwks = new InfernoJwks();
    private Tester tester;
    private DiscoverySteps discovery;
    private LaunchSteps launch;
    private OpenIdSteps oidc;
    private RefreshSteps refresh;
    private G10Steps g10;


    @BeforeAll
    void register(SampleServerFixture server) {
        tester = new Tester();
        discovery = new DiscoverySteps(http, server);
        AuthInfo auth = InfernoRegistration.app(http, server, AuthInfo.Type.ASYMMETRIC, "launch/patient openid fhirUser offline_access patient/Condition.rs patient/Observation.rs patient/Patient.rs", jwks, com.nimbusds.jose.JWSAlgorithm.ES384);
        launch = new LaunchSteps(http, server, auth, tester);
        launch.user = Tester.User.PATIENT;
        launch.consent = Tester.only(s -> !s.equals("patient/Condition.rs") && !s.equals("patient/Observation.rs"));
        oidc = new OpenIdSteps(http, launch);
        refresh = new RefreshSteps(http, launch);
        g10 = new G10Steps(http, launch);
    }

    @AfterAll
    void stop() {
        tester.close();
        jwks.close();
    }

    @Test @Order(1)
    @DisplayName("smart_discovery_stu2_2 / well_known_endpoint: FHIR server makes SMART configuration available from well-known endpoint")
    void wellKnownEndpoint() throws Exception {
        discovery.wellKnownEndpoint(launch.auth);
    }

    @Test @Order(2)
    @DisplayName("smart_discovery_stu2_2 / well_known_capabilities_stu2: Well-known configuration contains required fields")
    void wellKnownCapabilities() throws Exception {
        discovery.wellKnownCapabilitiesStu2();
    }

    @Test @Order(3)
    @DisplayName("smart_discovery_stu2_2 / smart_cors_well_known_endpoint: .well-known/smart-configuration enables CORS")
    void corsWellKnown() throws Exception {
        discovery.corsWellKnownEndpoint();
    }

    @Test @Order(4)
    @DisplayName("smart_discovery_stu2_2 / smart_cors_metadata_request: metadata enables CORS")
    void corsMetadata() throws Exception {
        discovery.corsMetadataRequest();
    }

    @Test @Order(5)
    @DisplayName("g10_granular_scope_selection_v2_2_scopes / standalone_auth_tls: OAuth 2.0 authorize endpoint secured by transport layer security")
    void authorizeTls() throws Exception {
        Inferno.omitTlsCheck(launch.auth.authUrl);
    }

    @Test @Order(6)
    @DisplayName("g10_granular_scope_selection_v2_2_scopes / smart_app_redirect_stu2: OAuth server redirects client browser to app redirect URI")
    void appRedirect() throws Exception {
        launch.appRedirect();
    }

    @Test @Order(7)
    @DisplayName("g10_granular_scope_selection_v2_2_scopes / smart_code_received: OAuth server sends code parameter")
    void codeReceived() throws Exception {
        launch.codeReceived();
    }

    @Test @Order(8)
    @DisplayName("g10_granular_scope_selection_v2_2_scopes / standalone_token_tls: OAuth 2.0 token endpoint secured by transport layer security")
    void tokenTls() throws Exception {
        Inferno.omitTlsCheck(launch.auth.tokenUrl);
    }

    @Test @Order(9)
    @DisplayName("g10_granular_scope_selection_v2_2_scopes / smart_token_exchange_stu2_2: OAuth token exchange request succeeds when supplied correct information")
    void tokenExchange() throws Exception {
        launch.tokenExchange();
    }

    @Test @Order(10)
    @DisplayName("g10_granular_scope_selection_v2_2_scopes / smart_token_response_body_stu2_2: Token exchange response body contains required information encoded in JSON")
    void tokenResponseBody() throws Exception {
        launch.tokenResponseBody();
    }

    @Test @Order(11)
    @DisplayName("g10_granular_scope_selection_v2_2_scopes / smart_token_response_headers: Response includes correct HTTP Cache-Control and Pragma headers")
    void tokenResponseHeaders() throws Exception {
        launch.tokenResponseHeaders();
    }

    @Test @Order(12)
    @DisplayName("g10_granular_scope_selection_v2_2_scopes / smart_cors_token_exchange: SMART Token Endpoint Enables Cross-Origin Resource Sharing (CORS)")
    void corsTokenExchange() throws Exception {
        launch.corsTokenExchange();
    }

    @Test @Order(13)
    @DisplayName("g10_granular_scope_selection_v2_2_scopes / g10_smart_scopes: Patient-level access with OpenID Connect and Refresh Token scopes used.")
    void smartScopes() throws Exception {
        g10.smartScopes(G10Steps.Version.V2, G10Steps.Version.V2, "patient", List.of("openid", "fhirUser", "launch/patient", "offline_access"), List.of("Patient", "Condition", "Observation"));
    }

    @Test @Order(14)
    @DisplayName("g10_granular_scope_selection_v2_2_scopes / g10_smart_granular_scope_selection: Granular Scope Selection")
    void granularScopeSelection() throws Exception {
        g10.granularScopeSelection();
    }
}
