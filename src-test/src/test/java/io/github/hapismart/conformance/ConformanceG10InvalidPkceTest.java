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
 * ONC g(10) kit, group {@code g10_smart_invalid_pkce_code_verifier_group_stu2_2}: four standalone launches, each
 * code exchanged with a bad {@code code_verifier} (missing, blank, wrong, equal to the challenge); none may yield a
 * token.
 */
@ExtendWith(SharedServer.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@DisplayName("g10_certification / g10_smart_invalid_pkce_code_verifier_group_stu2_2: Invalid PKCE Code Verifier")
class ConformanceG10InvalidPkceTest {

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
    @DisplayName("g10_smart_invalid_pkce_code_verifier_group_stu2_2 / smart_no_code_verifier_redirect: Invalid PKCE code_verifier 1/4")
    void noVerifierRedirect() throws Exception {
        launch.appRedirect();
    }

    @Test @Order(2)
    @DisplayName("g10_smart_invalid_pkce_code_verifier_group_stu2_2 / smart_no_code_verifier_code_received: OAuth server sends code parameter")
    void noVerifierCodeReceived() throws Exception {
        launch.codeReceived();
    }

    @Test @Order(3)
    @DisplayName("g10_smart_invalid_pkce_code_verifier_group_stu2_2 / smart_no_verifier_token_request: OAuth token exchange fails when no code_verifier is given")
    void noVerifierTokenRequest() throws Exception {
        Inferno.skipIf(launch.code() == null, "Error during authorization request");
        Inferno.assertStatus(launch.exchange(launch.code(), null, launch.auth), 400, 401);
    }

    @Test @Order(4)
    @DisplayName("g10_smart_invalid_pkce_code_verifier_group_stu2_2 / smart_blank_code_verifier_redirect: Invalid PKCE code_verifier 2/4")
    void blankVerifierRedirect() throws Exception {
        launch.appRedirect();
    }

    @Test @Order(5)
    @DisplayName("g10_smart_invalid_pkce_code_verifier_group_stu2_2 / smart_blank_code_verifier_code_received: OAuth server sends code parameter")
    void blankVerifierCodeReceived() throws Exception {
        launch.codeReceived();
    }

    @Test @Order(6)
    @DisplayName("g10_smart_invalid_pkce_code_verifier_group_stu2_2 / smart_blank_verifier_token_request: OAuth token exchange fails when code_verifier is blank")
    void blankVerifierTokenRequest() throws Exception {
        Inferno.skipIf(launch.code() == null, "Error during authorization request");
        Inferno.assertStatus(launch.exchange(launch.code(), "", launch.auth), 400, 401);
    }

    @Test @Order(7)
    @DisplayName("g10_smart_invalid_pkce_code_verifier_group_stu2_2 / smart_bad_code_verifier_redirect: Invalid PKCE code_verifier 3/4")
    void badVerifierRedirect() throws Exception {
        launch.appRedirect();
    }

    @Test @Order(8)
    @DisplayName("g10_smart_invalid_pkce_code_verifier_group_stu2_2 / smart_bad_code_verifier_code_received: OAuth server sends code parameter")
    void badVerifierCodeReceived() throws Exception {
        launch.codeReceived();
    }

    @Test @Order(9)
    @DisplayName("g10_smart_invalid_pkce_code_verifier_group_stu2_2 / smart_bad_verifier_token_request: OAuth token exchange fails when code_verifier is incorrect")
    void badVerifierTokenRequest() throws Exception {
        Inferno.skipIf(launch.code() == null, "Error during authorization request");
        Inferno.assertStatus(launch.exchange(launch.code(), java.util.UUID.randomUUID() + "-" + java.util.UUID.randomUUID(), launch.auth), 400, 401);
    }

    @Test @Order(10)
    @DisplayName("g10_smart_invalid_pkce_code_verifier_group_stu2_2 / smart_plain_code_verifier_redirect: Invalid PKCE code_verifier 4/4")
    void plainVerifierRedirect() throws Exception {
        launch.appRedirect();
    }

    @Test @Order(11)
    @DisplayName("g10_smart_invalid_pkce_code_verifier_group_stu2_2 / smart_plain_code_verifier_code_received: OAuth server sends code parameter")
    void plainVerifierCodeReceived() throws Exception {
        launch.codeReceived();
    }

    @Test @Order(12)
    @DisplayName("g10_smart_invalid_pkce_code_verifier_group_stu2_2 / smart_plain_verifier_token_request: OAuth token exchange fails when code_verifier matches code_challenge")
    void plainVerifierTokenRequest() throws Exception {
        Inferno.skipIf(launch.code() == null, "Error during authorization request");
        Inferno.assertStatus(launch.exchange(launch.code(), launch.challenge, launch.auth), 400, 401);
    }
}
