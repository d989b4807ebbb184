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
 * ONC g(10) kit, group {@code g10_smart_limited_app}: the same request as the full-access app, and the patient
 * unticks everything on the consent page except Patient, Condition and Observation (the kit's default expected
 * resources) and the launch/OpenID/offline scopes; the grant and each resource type's access must follow.
 */
@ExtendWith(SharedServer.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@DisplayName("g10_certification / g10_smart_limited_app: Standalone Patient App - Limited Access")
class ConformanceG10LimitedAppTest {

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
        AuthInfo auth = InfernoRegistration.app(http, server, AuthInfo.Type.SYMMETRIC, "launch/patient openid fhirUser offline_access patient/Medication.rs patient/AllergyIntolerance.rs patient/CarePlan.rs patient/CareTeam.rs patient/Condition.rs patient/Device.rs patient/DiagnosticReport.rs patient/DocumentReference.rs patient/Encounter.rs patient/Goal.rs patient/Immunization.rs patient/Location.rs patient/MedicationRequest.rs patient/Observation.rs patient/Organization.rs patient/Patient.rs patient/Practitioner.rs patient/Procedure.rs patient/Provenance.rs patient/PractitionerRole.rs patient/ServiceRequest.rs patient/Coverage.rs patient/MedicationDispense.rs patient/Specimen.rs", jwks, null);
        launch = new LaunchSteps(http, server, auth, tester);
        launch.user = Tester.User.PATIENT;
        launch.consent = Tester.only(s -> java.util.List.of("launch/patient", "openid", "fhirUser", "offline_access", "patient/Patient.rs", "patient/Condition.rs", "patient/Observation.rs").contains(s));
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
    @DisplayName("smart_standalone_launch_stu2_2 / standalone_auth_tls: OAuth 2.0 authorize endpoint secured by transport layer security")
    void authorizeTls() throws Exception {
        Inferno.omitTlsCheck(launch.auth.authUrl);
    }

    @Test @Order(2)
    @DisplayName("smart_standalone_launch_stu2_2 / smart_app_redirect_stu2: OAuth server redirects client browser to app redirect URI")
    void appRedirect() throws Exception {
        launch.appRedirect();
    }

    @Test @Order(3)
    @DisplayName("smart_standalone_launch_stu2_2 / smart_code_received: OAuth server sends code parameter")
    void codeReceived() throws Exception {
        launch.codeReceived();
    }

    @Test @Order(4)
    @DisplayName("smart_standalone_launch_stu2_2 / standalone_token_tls: OAuth 2.0 token endpoint secured by transport layer security")
    void tokenTls() throws Exception {
        Inferno.omitTlsCheck(launch.auth.tokenUrl);
    }

    @Test @Order(5)
    @DisplayName("smart_standalone_launch_stu2_2 / smart_token_exchange_stu2_2: OAuth token exchange request succeeds when supplied correct information")
    void tokenExchange() throws Exception {
        launch.tokenExchange();
    }

    @Test @Order(6)
    @DisplayName("smart_standalone_launch_stu2_2 / smart_token_response_body_stu2_2: Token exchange response body contains required information encoded in JSON")
    void tokenResponseBody() throws Exception {
        launch.tokenResponseBody();
    }

    @Test @Order(7)
    @DisplayName("smart_standalone_launch_stu2_2 / smart_token_response_headers: Response includes correct HTTP Cache-Control and Pragma headers")
    void tokenResponseHeaders() throws Exception {
        launch.tokenResponseHeaders();
    }

    @Test @Order(8)
    @DisplayName("smart_standalone_launch_stu2_2 / smart_cors_token_exchange: SMART Token Endpoint Enables Cross-Origin Resource Sharing (CORS)")
    void corsTokenExchange() throws Exception {
        launch.corsTokenExchange();
    }

    @Test @Order(9)
    @DisplayName("smart_standalone_launch_stu2_2 / g10_patient_context: Patient from launch context can be retrieved")
    void patientContext() throws Exception {
        g10.patientContext();
    }

    @Test @Order(10)
    @DisplayName("smart_standalone_launch_stu2_2 / g10_limited_scope_grant: OAuth token exchange response grants scope that is limited to those selected by user")
    void limitedScopeGrant() throws Exception {
        g10.limitedScopeGrant(List.of("Patient", "Condition", "Observation"));
    }

    @Test @Order(11)
    @DisplayName("g10_restricted_resource_type_access / g10_restricted_access_test: Access to AllergyIntolerance resources are restricted properly based on patient-selected scope")
    void accessAllergyIntolerance() throws Exception {
        g10.resourceAccess("AllergyIntolerance", false);
    }

    @Test @Order(12)
    @DisplayName("g10_restricted_resource_type_access / g10_restricted_access_test: Access to CarePlan resources are restricted properly based on patient-selected scope")
    void accessCarePlan() throws Exception {
        g10.resourceAccess("CarePlan", false);
    }

    @Test @Order(13)
    @DisplayName("g10_restricted_resource_type_access / g10_restricted_access_test: Access to CareTeam resources are restricted properly based on patient-selected scope")
    void accessCareTeam() throws Exception {
        g10.resourceAccess("CareTeam", false);
    }

    @Test @Order(14)
    @DisplayName("g10_restricted_resource_type_access / g10_restricted_access_test: Access to Condition resources are restricted properly based on patient-selected scope")
    void accessCondition() throws Exception {
        g10.resourceAccess("Condition", true);
    }

    @Test @Order(15)
    @DisplayName("g10_restricted_resource_type_access / g10_restricted_access_test: Access to Device resources are restricted properly based on patient-selected scope")
    void accessDevice() throws Exception {
        g10.resourceAccess("Device", false);
    }

    @Test @Order(16)
    @DisplayName("g10_restricted_resource_type_access / g10_restricted_access_test: Access to DiagnosticReport resources are restricted properly based on patient-selected scope")
    void accessDiagnosticReport() throws Exception {
        g10.resourceAccess("DiagnosticReport", false);
    }

    @Test @Order(17)
    @DisplayName("g10_restricted_resource_type_access / g10_restricted_access_test: Access to DocumentReference resources are restricted properly based on patient-selected scope")
    void accessDocumentReference() throws Exception {
        g10.resourceAccess("DocumentReference", false);
    }

    @Test @Order(18)
    @DisplayName("g10_restricted_resource_type_access / g10_restricted_access_test: Access to Goal resources are restricted properly based on patient-selected scope")
    void accessGoal() throws Exception {
        g10.resourceAccess("Goal", false);
    }

    @Test @Order(19)
    @DisplayName("g10_restricted_resource_type_access / g10_restricted_access_test: Access to Immunization resources are restricted properly based on patient-selected scope")
    void accessImmunization() throws Exception {
        g10.resourceAccess("Immunization", false);
    }

    @Test @Order(20)
    @DisplayName("g10_restricted_resource_type_access / g10_restricted_access_test: Access to MedicationRequest resources are restricted properly based on patient-selected scope")
    void accessMedicationRequest() throws Exception {
        g10.resourceAccess("MedicationRequest", false);
    }

    @Test @Order(21)
    @DisplayName("g10_restricted_resource_type_access / g10_restricted_access_test: Access to Observation resources are restricted properly based on patient-selected scope")
    void accessObservation() throws Exception {
        g10.resourceAccess("Observation", true);
    }

    @Test @Order(22)
    @DisplayName("g10_restricted_resource_type_access / g10_restricted_access_test: Access to Procedure resources are restricted properly based on patient-selected scope")
    void accessProcedure() throws Exception {
        g10.resourceAccess("Procedure", false);
    }

    @Test @Order(23)
    @DisplayName("g10_restricted_resource_type_access / g10_restricted_access_test: Access to Patient resources are restricted properly based on patient-selected scope")
    void accessPatient() throws Exception {
        g10.resourceAccess("Patient", true);
    }

    @Test @Order(24)
    @DisplayName("g10_restricted_resource_type_access / g10_restricted_access_test: Access to Encounter resources are restricted properly based on patient-selected scope")
    void accessEncounter() throws Exception {
        g10.resourceAccess("Encounter", false);
    }

    @Test @Order(25)
    @DisplayName("g10_restricted_resource_type_access / g10_restricted_access_test: Access to ServiceRequest resources are restricted properly based on patient-selected scope")
    void accessServiceRequest() throws Exception {
        g10.resourceAccess("ServiceRequest", false);
    }

    @Test @Order(26)
    @DisplayName("g10_restricted_resource_type_access / g10_restricted_access_test: Access to Coverage resources are restricted properly based on patient-selected scope")
    void accessCoverage() throws Exception {
        g10.resourceAccess("Coverage", false);
    }

    @Test @Order(27)
    @DisplayName("g10_restricted_resource_type_access / g10_restricted_access_test: Access to MedicationDispense resources are restricted properly based on patient-selected scope")
    void accessMedicationDispense() throws Exception {
        g10.resourceAccess("MedicationDispense", false);
    }
}
