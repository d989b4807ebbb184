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
 * ONC g(10) kit, group {@code g10_smart_standalone_patient_app} (SMART 2.2, US Core 6.1.0): discovery with the
 * scenario's capabilities, a standalone launch by the patient user with a confidential symmetric client and the
 * kit's v2 scopes (plus the four US Core 6 types), OpenID Connect, token refresh, and access to every USCDI type.
 */
@ExtendWith(SharedServer.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@DisplayName("g10_certification / g10_smart_standalone_patient_app: Standalone Patient App - Full Access")
class ConformanceG10StandalonePatientAppTest {

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
    @DisplayName("smart_discovery_stu2_2 / g10_smart_well_known_capabilities: Well-known configuration declares support for required capabilities")
    void g10WellKnownCapabilities() throws Exception {
        discovery.g10WellKnownCapabilities(List.of("launch-standalone", "client-public", "client-confidential-symmetric", "client-confidential-asymmetric", "sso-openid-connect", "context-standalone-patient", "permission-offline", "permission-patient", "authorize-post", "permission-v2", "permission-v1"));
    }

    @Test @Order(6)
    @DisplayName("smart_standalone_launch_stu2_2 / standalone_auth_tls: OAuth 2.0 authorize endpoint secured by transport layer security")
    void authorizeTls() throws Exception {
        Inferno.omitTlsCheck(launch.auth.authUrl);
    }

    @Test @Order(7)
    @DisplayName("smart_standalone_launch_stu2_2 / smart_app_redirect_stu2: OAuth server redirects client browser to app redirect URI")
    void appRedirect() throws Exception {
        launch.appRedirect();
    }

    @Test @Order(8)
    @DisplayName("smart_standalone_launch_stu2_2 / smart_code_received: OAuth server sends code parameter")
    void codeReceived() throws Exception {
        launch.codeReceived();
    }

    @Test @Order(9)
    @DisplayName("smart_standalone_launch_stu2_2 / standalone_token_tls: OAuth 2.0 token endpoint secured by transport layer security")
    void tokenTls() throws Exception {
        Inferno.omitTlsCheck(launch.auth.tokenUrl);
    }

    @Test @Order(10)
    @DisplayName("smart_standalone_launch_stu2_2 / smart_token_exchange_stu2_2: OAuth token exchange request succeeds when supplied correct information")
    void tokenExchange() throws Exception {
        launch.tokenExchange();
    }

    @Test @Order(11)
    @DisplayName("smart_standalone_launch_stu2_2 / smart_token_response_body_stu2_2: Token exchange response body contains required information encoded in JSON")
    void tokenResponseBody() throws Exception {
        launch.tokenResponseBody();
    }

    @Test @Order(12)
    @DisplayName("smart_standalone_launch_stu2_2 / smart_token_response_headers: Response includes correct HTTP Cache-Control and Pragma headers")
    void tokenResponseHeaders() throws Exception {
        launch.tokenResponseHeaders();
    }

    @Test @Order(13)
    @DisplayName("smart_standalone_launch_stu2_2 / smart_cors_token_exchange: SMART Token Endpoint Enables Cross-Origin Resource Sharing (CORS)")
    void corsTokenExchange() throws Exception {
        launch.corsTokenExchange();
    }

    @Test @Order(14)
    @DisplayName("smart_standalone_launch_stu2_2 / g10_smart_scopes: Patient-level access with OpenID Connect and Refresh Token scopes used.")
    void smartScopes() throws Exception {
        g10.smartScopes(G10Steps.Version.V2, G10Steps.Version.V2, "patient", List.of("openid", "fhirUser", "launch/patient", "offline_access"), G10Steps.PATIENT_COMPARTMENT_TYPES);
    }

    @Test @Order(15)
    @DisplayName("smart_standalone_launch_stu2_2 / g10_unauthorized_access: Server rejects unauthorized access")
    void unauthorizedAccess() throws Exception {
        g10.unauthorizedAccess();
    }

    @Test @Order(16)
    @DisplayName("smart_standalone_launch_stu2_2 / g10_patient_context: Patient from launch context can be retrieved")
    void patientContext() throws Exception {
        g10.patientContext();
    }

    @Test @Order(17)
    @DisplayName("smart_openid_connect_stu2_2 / smart_openid_decode_id_token: ID token can be decoded")
    void decodeIdToken() throws Exception {
        oidc.decodeIdToken();
    }

    @Test @Order(18)
    @DisplayName("smart_openid_connect_stu2_2 / smart_openid_retrieve_configuration: OpenID Connect well-known configuration can be retrieved")
    void retrieveConfiguration() throws Exception {
        oidc.retrieveConfiguration();
    }

    @Test @Order(19)
    @DisplayName("smart_openid_connect_stu2_2 / smart_openid_required_configuration_fields: OpenID Connect well-known configuration contains all required fields")
    void requiredConfigurationFields() throws Exception {
        oidc.requiredConfigurationFields();
    }

    @Test @Order(20)
    @DisplayName("smart_openid_connect_stu2_2 / smart_openid_retrieve_jwks: JWKS can be retrieved")
    void retrieveJwks() throws Exception {
        oidc.retrieveJwks();
    }

    @Test @Order(21)
    @DisplayName("smart_openid_connect_stu2_2 / smart_openid_token_header: ID token header contains required information")
    void tokenHeader() throws Exception {
        oidc.tokenHeader();
    }

    @Test @Order(22)
    @DisplayName("smart_openid_connect_stu2_2 / smart_openid_token_payload: ID token payload has required claims and a valid signature")
    void tokenPayload() throws Exception {
        oidc.tokenPayload();
    }

    @Test @Order(23)
    @DisplayName("smart_openid_connect_stu2_2 / smart_openid_fhir_user_claim: FHIR resource representing the current user can be retrieved")
    void fhirUserClaim() throws Exception {
        oidc.fhirUserClaim();
    }

    @Test @Order(24)
    @DisplayName("smart_openid_connect_stu2_2 / smart_cors_openid_fhir_user_claim: SMART FHIR User REST API Endpoint Enables CORS")
    void corsFhirUserClaim() throws Exception {
        oidc.corsFhirUserClaim();
    }

    @Test @Order(25)
    @DisplayName("g10_token_refresh_stu2 / g10_token_refresh_without_scopes: Server successfully refreshes the access token when optional scope parameter omitted")
    void refreshWithoutScopes() throws Exception {
        refresh.refresh(false);
    }

    @Test @Order(26)
    @DisplayName("g10_token_refresh_stu2 / g10_token_refresh_body_without_scopes: Token refresh response contains all required fields")
    void refreshWithoutScopesBody() throws Exception {
        refresh.refreshBody();
    }

    @Test @Order(27)
    @DisplayName("g10_token_refresh_stu2 / g10_token_refresh_with_scopes: Server successfully refreshes the access token when optional scope parameter provided")
    void refreshWithScopes() throws Exception {
        refresh.refresh(true);
    }

    @Test @Order(28)
    @DisplayName("g10_token_refresh_stu2 / g10_token_refresh_body_with_scopes: Token refresh response contains all required fields")
    void refreshWithScopesBody() throws Exception {
        refresh.refreshBody();
    }

    @Test @Order(29)
    @DisplayName("g10_token_refresh_stu2 / g10_patient_context: Patient from launch context can be retrieved (after refresh)")
    void patientContextAfterRefresh() throws Exception {
        g10.patientContext();
    }

    @Test @Order(30)
    @DisplayName("g10_token_refresh_stu2 / g10_invalid_token_refresh: Refresh token exchange fails when supplied an invalid refresh token")
    void invalidTokenRefresh() throws Exception {
        refresh.invalidTokenRefresh();
    }

    @Test @Order(31)
    @DisplayName("g10_unrestricted_resource_type_access / g10_resource_access_test: Access to AllergyIntolerance resources granted")
    void accessAllergyIntolerance() throws Exception {
        g10.resourceAccess("AllergyIntolerance", true);
    }

    @Test @Order(32)
    @DisplayName("g10_unrestricted_resource_type_access / g10_resource_access_test: Access to CarePlan resources granted")
    void accessCarePlan() throws Exception {
        g10.resourceAccess("CarePlan", true);
    }

    @Test @Order(33)
    @DisplayName("g10_unrestricted_resource_type_access / g10_resource_access_test: Access to CareTeam resources granted")
    void accessCareTeam() throws Exception {
        g10.resourceAccess("CareTeam", true);
    }

    @Test @Order(34)
    @DisplayName("g10_unrestricted_resource_type_access / g10_resource_access_test: Access to Condition resources granted")
    void accessCondition() throws Exception {
        g10.resourceAccess("Condition", true);
    }

    @Test @Order(35)
    @DisplayName("g10_unrestricted_resource_type_access / g10_resource_access_test: Access to Device resources granted")
    void accessDevice() throws Exception {
        g10.resourceAccess("Device", true);
    }

    @Test @Order(36)
    @DisplayName("g10_unrestricted_resource_type_access / g10_resource_access_test: Access to DiagnosticReport resources granted")
    void accessDiagnosticReport() throws Exception {
        g10.resourceAccess("DiagnosticReport", true);
    }

    @Test @Order(37)
    @DisplayName("g10_unrestricted_resource_type_access / g10_resource_access_test: Access to DocumentReference resources granted")
    void accessDocumentReference() throws Exception {
        g10.resourceAccess("DocumentReference", true);
    }

    @Test @Order(38)
    @DisplayName("g10_unrestricted_resource_type_access / g10_resource_access_test: Access to Goal resources granted")
    void accessGoal() throws Exception {
        g10.resourceAccess("Goal", true);
    }

    @Test @Order(39)
    @DisplayName("g10_unrestricted_resource_type_access / g10_resource_access_test: Access to Immunization resources granted")
    void accessImmunization() throws Exception {
        g10.resourceAccess("Immunization", true);
    }

    @Test @Order(40)
    @DisplayName("g10_unrestricted_resource_type_access / g10_resource_access_test: Access to MedicationRequest resources granted")
    void accessMedicationRequest() throws Exception {
        g10.resourceAccess("MedicationRequest", true);
    }

    @Test @Order(41)
    @DisplayName("g10_unrestricted_resource_type_access / g10_resource_access_test: Access to Observation resources granted")
    void accessObservation() throws Exception {
        g10.resourceAccess("Observation", true);
    }

    @Test @Order(42)
    @DisplayName("g10_unrestricted_resource_type_access / g10_resource_access_test: Access to Procedure resources granted")
    void accessProcedure() throws Exception {
        g10.resourceAccess("Procedure", true);
    }

    @Test @Order(43)
    @DisplayName("g10_unrestricted_resource_type_access / g10_resource_access_test: Access to Patient resources granted")
    void accessPatient() throws Exception {
        g10.resourceAccess("Patient", true);
    }

    @Test @Order(44)
    @DisplayName("g10_unrestricted_resource_type_access / g10_resource_access_test: Access to Encounter resources granted")
    void accessEncounter() throws Exception {
        g10.resourceAccess("Encounter", true);
    }

    @Test @Order(45)
    @DisplayName("g10_unrestricted_resource_type_access / g10_resource_access_test: Access to ServiceRequest resources granted")
    void accessServiceRequest() throws Exception {
        g10.resourceAccess("ServiceRequest", true);
    }

    @Test @Order(46)
    @DisplayName("g10_unrestricted_resource_type_access / g10_resource_access_test: Access to Coverage resources granted")
    void accessCoverage() throws Exception {
        g10.resourceAccess("Coverage", true);
    }

    @Test @Order(47)
    @DisplayName("g10_unrestricted_resource_type_access / g10_resource_access_test: Access to MedicationDispense resources granted")
    void accessMedicationDispense() throws Exception {
        g10.resourceAccess("MedicationDispense", true);
    }
}
