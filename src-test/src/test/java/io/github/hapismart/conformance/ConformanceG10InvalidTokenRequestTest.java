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
 * ONC g(10) kit, group {@code g10_smart_invalid_token_request_stu2} (also run for SMART 2.2): a standalone launch, then
 * the code exchange with an invalid code (exactly 400 expected) and with an invalid client ID (400 or 401).
 */
@ExtendWith(SharedServer.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@DisplayName("g10_certification / g10_smart_invalid_token_request_stu2: Invalid Access Token Request")
class ConformanceG10InvalidTokenRequestTest {

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
        AuthInfo auth = InfernoRegistration.app(http, server, AuthInfo.Type.SYMMETRIC, "launch/patient openid fhirUser offline_access patient/Medication.read patient/AllergyIntolerance.read patient/CarePlan.read patient/CareTeam.read patient/Condition.read patient/Device.read patient/DiagnosticReport.read patient/DocumentReference.read patient/Encounter.read patient/Goal.read patient/Immunization.read patient/Location.read patient/MedicationRequest.read patient/Observation.read patient/Organization.read patient/Patient.read patient/Practitioner.read patient/Procedure.read patient/Provenance.read patient/PractitionerRole.read patient/ServiceRequest.read patient/Coverage.read patient/MedicationDispense.read patient/Specimen.read", jwks, null);
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
    @DisplayName("g10_smart_invalid_token_request_stu2 / smart_app_redirect_stu2: OAuth server redirects client browser to app redirect URI")
    void appRedirect() throws Exception {
        launch.appRedirect();
    }

    @Test @Order(2)
    @DisplayName("g10_smart_invalid_token_request_stu2 / smart_code_received: OAuth server sends code parameter")
    void codeReceived() throws Exception {
        launch.codeReceived();
    }

    @Test @Order(3)
    @DisplayName("g10_smart_invalid_token_request_stu2: OAuth token exchange fails when supplied invalid code")
    void invalidCode() throws Exception {
        Inferno.skipIf(launch.code() == null, "Error during authorization request");
        Inferno.assertStatus(launch.exchange("BAD_CODE", launch.verifier, launch.auth), 400);
    }

    @Test @Order(4)
    @DisplayName("g10_smart_invalid_token_request_stu2: OAuth token exchange fails when supplied invalid client ID")
    void invalidClientId() throws Exception {
        Inferno.skipIf(launch.code() == null, "Error during authorization request");
        AuthInfo bad = new AuthInfo(AuthInfo.Type.SYMMETRIC);
        bad.clientId = "BAD_CLIENT_ID";
        bad.clientSecret = launch.auth.clientSecret;
        bad.tokenUrl = launch.auth.tokenUrl;
        Inferno.assertStatus(launch.exchange(launch.code(), launch.verifier, bad), 400, 401);
    }
}
