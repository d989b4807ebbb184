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
 * SMART App Launch STU2.2 kit, group {@code smart_token_introspection_stu2_2}: a new standalone launch (confidential
 * symmetric, patient user), then Inferno as a resource server introspects its access token and an invalid one, with
 * the HTTP Basic header of a second confidential client, and validates both responses.
 */
@ExtendWith(SharedServer.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@DisplayName("smart_stu2_2 / smart_token_introspection_stu2_2: Token Introspection")
class ConformanceSmartTokenIntrospectionTest {

    private final Http http = new Http();
    private final InfernoJwks jwks = new InfernoJwks();
    private Tester tester;
    private DiscoverySteps discovery;
    private LaunchSteps launch;
    private OpenIdSteps oidc;
    private RefreshSteps refresh;
    private G10Steps g10;
    private IntrospectionSteps introspection;

    @BeforeAll
    void register(SampleServerFixture server) {
        tester = new Tester();
        discovery = new DiscoverySteps(http, server);
        AuthInfo auth = InfernoRegistration.app(http, server, AuthInfo.Type.SYMMETRIC, "launch/patient openid fhirUser offline_access patient/*.rs", jwks, null);
        launch = new LaunchSteps(http, server, auth, tester);
        launch.user = Tester.User.PATIENT;
        AuthInfo resourceServer = InfernoRegistration.app(http, server, AuthInfo.Type.SYMMETRIC, "openid", jwks, null);
        introspection = new IntrospectionSteps(http, launch, resourceServer);
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
    @DisplayName("smart_token_introspection_access_token_group_stu2_2 / smart_discovery_stu2_2 / well_known_endpoint: FHIR server makes SMART configuration available from well-known endpoint")
    void wellKnownEndpoint() throws Exception {
        discovery.wellKnownEndpoint(launch.auth);
    }

    @Test @Order(2)
    @DisplayName("smart_token_introspection_access_token_group_stu2_2 / smart_discovery_stu2_2 / well_known_capabilities_stu2: Well-known configuration contains required fields")
    void wellKnownCapabilities() throws Exception {
        discovery.wellKnownCapabilitiesStu2();
    }

    @Test @Order(3)
    @DisplayName("smart_token_introspection_access_token_group_stu2_2 / smart_discovery_stu2_2 / smart_cors_well_known_endpoint: .well-known/smart-configuration enables CORS")
    void corsWellKnown() throws Exception {
        discovery.corsWellKnownEndpoint();
    }

    @Test @Order(4)
    @DisplayName("smart_token_introspection_access_token_group_stu2_2 / smart_discovery_stu2_2 / smart_cors_metadata_request: metadata enables CORS")
    void corsMetadata() throws Exception {
        discovery.corsMetadataRequest();
    }

    @Test @Order(5)
    @DisplayName("smart_token_introspection_access_token_group_stu2_2 / smart_standalone_launch_stu2_2 / standalone_auth_tls: OAuth 2.0 authorize endpoint secured by transport layer security")
    void authorizeTls() throws Exception {
        Inferno.omitTlsCheck(launch.auth.authUrl);
    }

    @Test @Order(6)
    @DisplayName("smart_token_introspection_access_token_group_stu2_2 / smart_standalone_launch_stu2_2 / smart_app_redirect_stu2: OAuth server redirects client browser to app redirect URI")
    void appRedirect() throws Exception {
        launch.appRedirect();
    }

    @Test @Order(7)
    @DisplayName("smart_token_introspection_access_token_group_stu2_2 / smart_standalone_launch_stu2_2 / smart_code_received: OAuth server sends code parameter")
    void codeReceived() throws Exception {
        launch.codeReceived();
    }

    @Test @Order(8)
    @DisplayName("smart_token_introspection_access_token_group_stu2_2 / smart_standalone_launch_stu2_2 / standalone_token_tls: OAuth 2.0 token endpoint secured by transport layer security")
    void tokenTls() throws Exception {
        Inferno.omitTlsCheck(launch.auth.tokenUrl);
    }

    @Test @Order(9)
    @DisplayName("smart_token_introspection_access_token_group_stu2_2 / smart_standalone_launch_stu2_2 / smart_token_exchange_stu2_2: OAuth token exchange request succeeds when supplied correct information")
    void tokenExchange() throws Exception {
        launch.tokenExchange();
    }

    @Test @Order(10)
    @DisplayName("smart_token_introspection_access_token_group_stu2_2 / smart_standalone_launch_stu2_2 / smart_token_response_body_stu2_2: Token exchange response body contains required information encoded in JSON")
    void tokenResponseBody() throws Exception {
        launch.tokenResponseBody();
    }

    @Test @Order(11)
    @DisplayName("smart_token_introspection_access_token_group_stu2_2 / smart_standalone_launch_stu2_2 / smart_token_response_headers: Response includes correct HTTP Cache-Control and Pragma headers")
    void tokenResponseHeaders() throws Exception {
        launch.tokenResponseHeaders();
    }

    @Test @Order(12)
    @DisplayName("smart_token_introspection_access_token_group_stu2_2 / smart_standalone_launch_stu2_2 / smart_cors_token_exchange: SMART Token Endpoint Enables Cross-Origin Resource Sharing (CORS)")
    void corsTokenExchange() throws Exception {
        launch.corsTokenExchange();
    }

    @Test @Order(13)
    @DisplayName("smart_token_introspection_request_group: Token introspection endpoint returns a response when provided an active token")
    void activeTokenRequest() throws Exception {
        introspection.activeTokenRequest(discovery);
    }

    @Test @Order(14)
    @DisplayName("smart_token_introspection_request_group: Token introspection endpoint returns a response when provided an invalid token")
    void invalidTokenRequest() throws Exception {
        introspection.invalidTokenRequest(discovery);
    }

    @Test @Order(15)
    @DisplayName("smart_token_introspection_response_group: Token introspection response for an active token contains required fields")
    void activeResponseFields() throws Exception {
        introspection.activeResponseFields();
    }

    @Test @Order(16)
    @DisplayName("smart_token_introspection_response_group: Token introspection response for an invalid token contains required fields")
    void invalidResponseFields() throws Exception {
        introspection.invalidResponseFields();
    }
}
