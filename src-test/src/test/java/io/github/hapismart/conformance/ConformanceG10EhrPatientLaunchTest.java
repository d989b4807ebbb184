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
 * ONC g(10) kit, group {@code g10_ehr_patient_launch_stu2_2}: an EHR launch requesting
 * {@code launch openid fhirUser offline_access patient/Patient.rs}; the patient in context is readable and a
 * patient-level Patient scope is granted.
 */
@ExtendWith(SharedServer.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@DisplayName("g10_certification / g10_ehr_patient_launch_stu2_2: EHR Launch with Patient Scopes")
class ConformanceG10EhrPatientLaunchTest {

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
        AuthInfo auth = InfernoRegistration.app(http, server, AuthInfo.Type.SYMMETRIC, "launch openid fhirUser offline_access patient/Patient.rs", jwks, null);
        launch = new LaunchSteps(http, server, auth, tester);
        launch.user = Tester.User.PRACTITIONER;
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
    @DisplayName("g10_ehr_patient_launch_stu2_2 / smart_app_launch: EHR server redirects client browser to Inferno app launch URI")
    void appLaunch() throws Exception {
        launch.appLaunch(DemoData.launchContext(launch));
    }

    @Test @Order(2)
    @DisplayName("g10_ehr_patient_launch_stu2_2 / smart_launch_received: EHR server sends launch parameter")
    void launchReceived() throws Exception {
        launch.launchReceived();
    }

    @Test @Order(3)
    @DisplayName("g10_ehr_patient_launch_stu2_2 / ehr_auth_tls: OAuth 2.0 authorize endpoint secured by transport layer security")
    void authorizeTls() throws Exception {
        Inferno.omitTlsCheck(launch.auth.authUrl);
    }

    @Test @Order(4)
    @DisplayName("g10_ehr_patient_launch_stu2_2 / smart_app_redirect_stu2: OAuth server redirects client browser to app redirect URI")
    void appRedirect() throws Exception {
        launch.appRedirect();
    }

    @Test @Order(5)
    @DisplayName("g10_ehr_patient_launch_stu2_2 / smart_code_received: OAuth server sends code parameter")
    void codeReceived() throws Exception {
        launch.codeReceived();
    }

    @Test @Order(6)
    @DisplayName("g10_ehr_patient_launch_stu2_2 / ehr_token_tls: OAuth 2.0 token endpoint secured by transport layer security")
    void tokenTls() throws Exception {
        Inferno.omitTlsCheck(launch.auth.tokenUrl);
    }

    @Test @Order(7)
    @DisplayName("g10_ehr_patient_launch_stu2_2 / smart_token_exchange_stu2_2: OAuth token exchange request succeeds when supplied correct information")
    void tokenExchange() throws Exception {
        launch.tokenExchange();
    }

    @Test @Order(8)
    @DisplayName("g10_ehr_patient_launch_stu2_2 / smart_token_response_body_stu2_2: Token exchange response body contains required information encoded in JSON")
    void tokenResponseBody() throws Exception {
        launch.tokenResponseBody();
    }

    @Test @Order(9)
    @DisplayName("g10_ehr_patient_launch_stu2_2 / smart_token_response_headers: Response includes correct HTTP Cache-Control and Pragma headers")
    void tokenResponseHeaders() throws Exception {
        launch.tokenResponseHeaders();
    }

    @Test @Order(10)
    @DisplayName("g10_ehr_patient_launch_stu2_2 / smart_cors_token_exchange: SMART Token Endpoint Enables Cross-Origin Resource Sharing (CORS)")
    void corsTokenExchange() throws Exception {
        launch.corsTokenExchange();
    }

    @Test @Order(11)
    @DisplayName("g10_ehr_patient_launch_stu2_2 / g10_patient_context: Patient from launch context can be retrieved")
    void patientContext() throws Exception {
        g10.patientContext();
    }

    @Test @Order(12)
    @DisplayName("g10_ehr_patient_launch_stu2_2 / g10_patient_scope: Patient-level scopes were granted")
    void patientScope() throws Exception {
        g10.patientScope();
    }
}
