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
 * ONC g(10) kit, group {@code g10_smart_fine_grained_scopes_stu2_2}, Granular Scopes 2: a standalone launch
 * requesting only the group's category scopes (approved as proposed), then searches by patient return only, and all
 * of, the granted Condition and Observation categories.
 */
@ExtendWith(SharedServer.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@DisplayName("g10_certification / g10_smart_fine_grained_scopes_stu2_2 / Granular Scopes 2")
class ConformanceG10FineGrainedScopes2Test {

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
        AuthInfo auth = InfernoRegistration.app(http, server, AuthInfo.Type.SYMMETRIC, "launch/patient openid fhirUser offline_access patient/Patient.rs patient/Condition.rs?category=http://terminology.hl7.org/CodeSystem/condition-category|problem-list-item patient/Observation.rs?category=http://terminology.hl7.org/CodeSystem/observation-category|vital-signs patient/Observation.rs?category=http://terminology.hl7.org/CodeSystem/observation-category|survey patient/Observation.rs?category=http://hl7.org/fhir/us/core/CodeSystem/us-core-category|sdoh", jwks, null);
        launch = new LaunchSteps(http, server, auth, tester);
        launch.user = Tester.User.PATIENT;
        discovery.wellKnownEndpoint(auth); // the group takes the endpoints as inputs
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
    @DisplayName("g10_smart_fine_grained_scopes_stu2_2 / granular_scopes_2 / standalone_auth_tls: OAuth 2.0 authorize endpoint secured by transport layer security")
    void authorizeTls() throws Exception {
        Inferno.omitTlsCheck(launch.auth.authUrl);
    }

    @Test @Order(2)
    @DisplayName("g10_smart_fine_grained_scopes_stu2_2 / granular_scopes_2 / smart_app_redirect_stu2: OAuth server redirects client browser to app redirect URI")
    void appRedirect() throws Exception {
        launch.appRedirect();
    }

    @Test @Order(3)
    @DisplayName("g10_smart_fine_grained_scopes_stu2_2 / granular_scopes_2 / smart_code_received: OAuth server sends code parameter")
    void codeReceived() throws Exception {
        launch.codeReceived();
    }

    @Test @Order(4)
    @DisplayName("g10_smart_fine_grained_scopes_stu2_2 / granular_scopes_2 / standalone_token_tls: OAuth 2.0 token endpoint secured by transport layer security")
    void tokenTls() throws Exception {
        Inferno.omitTlsCheck(launch.auth.tokenUrl);
    }

    @Test @Order(5)
    @DisplayName("g10_smart_fine_grained_scopes_stu2_2 / granular_scopes_2 / smart_token_exchange_stu2_2: OAuth token exchange request succeeds when supplied correct information")
    void tokenExchange() throws Exception {
        launch.tokenExchange();
    }

    @Test @Order(6)
    @DisplayName("g10_smart_fine_grained_scopes_stu2_2 / granular_scopes_2 / smart_token_response_body_stu2_2: Token exchange response body contains required information encoded in JSON")
    void tokenResponseBody() throws Exception {
        launch.tokenResponseBody();
    }

    @Test @Order(7)
    @DisplayName("g10_smart_fine_grained_scopes_stu2_2 / granular_scopes_2 / smart_token_response_headers: Response includes correct HTTP Cache-Control and Pragma headers")
    void tokenResponseHeaders() throws Exception {
        launch.tokenResponseHeaders();
    }

    @Test @Order(8)
    @DisplayName("g10_smart_fine_grained_scopes_stu2_2 / granular_scopes_2 / us_core_v610_condition_granular_scope_2_group: Condition searches return only the granted categories")
    void conditionCategories() throws Exception {
        g10.onlyGrantedCategories("Condition", java.util.Set.of("http://terminology.hl7.org/CodeSystem/condition-category|problem-list-item"));
    }

    @Test @Order(9)
    @DisplayName("g10_smart_fine_grained_scopes_stu2_2 / granular_scopes_2 / us_core_v610_observation_granular_scope_2_group: Observation searches return only the granted categories")
    void observationCategories() throws Exception {
        g10.onlyGrantedCategories("Observation", java.util.Set.of("http://terminology.hl7.org/CodeSystem/observation-category|vital-signs", "http://terminology.hl7.org/CodeSystem/observation-category|survey", "http://hl7.org/fhir/us/core/CodeSystem/us-core-category|sdoh"));
    }
}
