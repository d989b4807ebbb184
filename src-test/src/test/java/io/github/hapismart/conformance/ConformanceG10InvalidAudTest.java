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
 * ONC g(10) kit, group {@code g10_smart_invalid_aud}: a standalone launch whose {@code aud} is
 * {@code https://inferno.healthit.gov/invalid_aud}; the tester follows the link and, whatever the pages show, Inferno
 * must never receive a code.
 */
@ExtendWith(SharedServer.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@DisplayName("g10_certification / g10_smart_invalid_aud: Invalid AUD Parameter")
class ConformanceG10InvalidAudTest {

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
        launch.aud = "https://inferno.healthit.gov/invalid_aud";
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
    @DisplayName("g10_smart_invalid_aud / smart_app_redirect_stu2_2: OAuth server redirects client browser to app redirect URI (invalid aud)")
    void appRedirect() throws Exception {
        launch.appRedirect(false);
    }

    @Test @Order(2)
    @DisplayName("g10_smart_invalid_aud: Inferno client app does not receive code parameter redirect URI")
    void noCode() throws Exception {
        org.junit.jupiter.api.Assertions.assertTrue(launch.redirectUrl == null || !launch.redirectUrl.startsWith(launch.auth.redirectUri)
                || LaunchSteps.param(launch.redirectUrl, "code") == null,
                "Authorization has incorrectly succeeded because access code provided to Inferno.");
    }
}
