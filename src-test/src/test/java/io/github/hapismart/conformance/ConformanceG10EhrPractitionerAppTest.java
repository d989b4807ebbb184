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
 * ONC g(10) kit, group {@code g10_smart_ehr_practitioner_app} (SMART 2.2, US Core 6.1.0): discovery with the
 * scenario's capabilities, an EHR launch with the kit's user-level v2 scopes sent by POST (authorize-post), launch
 * context (patient, encounter, smart_style_url, need_patient_banner), OpenID Connect and token refresh.
 */
@ExtendWith(SharedServer.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@DisplayName("g10_certification / g10_smart_ehr_practitioner_app: EHR Practitioner App")
class ConformanceG10EhrPractitionerAppTest {

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
        AuthInfo auth = InfernoRegistration.app(http, server, AuthInfo.Type.SYMMETRIC, "launch openid fhirUser offline_access user/Medication.rs user/AllergyIntolerance.rs user/CarePlan.rs user/CareTeam.rs user/Condition.rs user/Device.rs user/DiagnosticReport.rs user/DocumentReference.rs user/Encounter.rs user/Goal.rs user/Immunization.rs user/Location.rs user/MedicationRequest.rs user/Observation.rs user/Organization.rs user/Patient.rs user/Practitioner.rs user/Procedure.rs user/Provenance.rs user/PractitionerRole.rs user/ServiceRequest.rs user/Coverage.rs user/MedicationDispense.rs user/Specimen.rs", jwks, null);
        launch = new LaunchSteps(http, server, auth, tester);
        launch.user = Tester.User.PRACTITIONER;
        launch.post = true;
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
        discovery.g10WellKnownCapabilities(List.of("launch-ehr", "client-confidential-symmetric", "client-confidential-asymmetric", "sso-openid-connect", "context-banner", "context-style", "context-ehr-patient", "permission-offline", "permission-user", "authorize-post", "permission-v2", "permission-v1", "context-ehr-encounter"));
    }

    @Test @Order(6)
    @DisplayName("smart_ehr_launch_stu2_2 / smart_app_launch: EHR server redirects client browser to Inferno app launch URI")
    void appLaunch() throws Exception {
        launch.appLaunch(DemoData.launchContext(launch));
    }

    @Test @Order(7)
    @DisplayName("smart_ehr_launch_stu2_2 / smart_launch_received: EHR server sends launch parameter")
    void launchReceived() throws Exception {
        launch.launchReceived();
    }

    @Test @Order(8)
    @DisplayName("smart_ehr_launch_stu2_2 / ehr_auth_tls: OAuth 2.0 authorize endpoint secured by transport layer security")
    void authorizeTls() throws Exception {
        Inferno.omitTlsCheck(launch.auth.authUrl);
    }

    @Test @Order(9)
    @DisplayName("smart_ehr_launch_stu2_2 / smart_app_redirect_stu2: OAuth server redirects client browser to app redirect URI")
    void appRedirect() throws Exception {
        launch.appRedirect();
    }

    @Test @Order(10)
    @DisplayName("smart_ehr_launch_stu2_2 / smart_code_received: OAuth server sends code parameter")
    void codeReceived() throws Exception {
        launch.codeReceived();
    }

    @Test @Order(11)
    @DisplayName("smart_ehr_launch_stu2_2 / ehr_token_tls: OAuth 2.0 token endpoint secured by transport layer security")
    void tokenTls() throws Exception {
        Inferno.omitTlsCheck(launch.auth.tokenUrl);
    }

    @Test @Order(12)
    @DisplayName("smart_ehr_launch_stu2_2 / smart_token_exchange_stu2_2: OAuth token exchange request succeeds when supplied correct information")
    void tokenExchange() throws Exception {
        launch.tokenExchange();
    }

    @Test @Order(13)
    @DisplayName("smart_ehr_launch_stu2_2 / smart_token_response_body_stu2_2: Token exchange response body contains required information encoded in JSON")
    void tokenResponseBody() throws Exception {
        launch.tokenResponseBody();
    }

    @Test @Order(14)
    @DisplayName("smart_ehr_launch_stu2_2 / smart_token_response_headers: Response includes correct HTTP Cache-Control and Pragma headers")
    void tokenResponseHeaders() throws Exception {
        launch.tokenResponseHeaders();
    }

    @Test @Order(15)
    @DisplayName("smart_ehr_launch_stu2_2 / smart_cors_token_exchange: SMART Token Endpoint Enables Cross-Origin Resource Sharing (CORS)")
    void corsTokenExchange() throws Exception {
        launch.corsTokenExchange();
    }

    @Test @Order(16)
    @DisplayName("smart_ehr_launch_stu2_2 / g10_smart_scopes: User-level access with OpenID Connect and Refresh Token scopes used.")
    void smartScopes() throws Exception {
        g10.smartScopes(G10Steps.Version.V2, G10Steps.Version.V2, "user", List.of("openid", "fhirUser", "launch", "offline_access"), G10Steps.PATIENT_COMPARTMENT_TYPES);
    }

    @Test @Order(17)
    @DisplayName("smart_ehr_launch_stu2_2 / g10_unauthorized_access: Server rejects unauthorized access")
    void unauthorizedAccess() throws Exception {
        g10.unauthorizedAccess();
    }

    @Test @Order(18)
    @DisplayName("smart_ehr_launch_stu2_2 / g10_patient_context: Patient from launch context can be retrieved")
    void patientContext() throws Exception {
        g10.patientContext();
    }

    @Test @Order(19)
    @DisplayName("smart_ehr_launch_stu2_2 / g10_encounter_context: OAuth token exchange response body contains encounter context and encounter resource can be retrieved")
    void encounterContext() throws Exception {
        g10.encounterContext();
    }

    @Test @Order(20)
    @DisplayName("smart_ehr_launch_stu2_2 / Test13: Launch context contains smart_style_url which links to valid JSON")
    void smartStyleUrl() throws Exception {
        g10.smartStyleUrl();
    }

    @Test @Order(21)
    @DisplayName("smart_ehr_launch_stu2_2 / Test14: Launch context contains need_patient_banner")
    void needPatientBanner() throws Exception {
        g10.needPatientBanner();
    }

    @Test @Order(22)
    @DisplayName("smart_openid_connect_stu2_2 / smart_openid_decode_id_token: ID token can be decoded")
    void decodeIdToken() throws Exception {
        oidc.decodeIdToken();
    }

    @Test @Order(23)
    @DisplayName("smart_openid_connect_stu2_2 / smart_openid_retrieve_configuration: OpenID Connect well-known configuration can be retrieved")
    void retrieveConfiguration() throws Exception {
        oidc.retrieveConfiguration();
    }

    @Test @Order(24)
    @DisplayName("smart_openid_connect_stu2_2 / smart_openid_required_configuration_fields: OpenID Connect well-known configuration contains all required fields")
    void requiredConfigurationFields() throws Exception {
        oidc.requiredConfigurationFields();
    }

    @Test @Order(25)
    @DisplayName("smart_openid_connect_stu2_2 / smart_openid_retrieve_jwks: JWKS can be retrieved")
    void retrieveJwks() throws Exception {
        oidc.retrieveJwks();
    }

    @Test @Order(26)
    @DisplayName("smart_openid_connect_stu2_2 / smart_openid_token_header: ID token header contains required information")
    void tokenHeader() throws Exception {
        oidc.tokenHeader();
    }

    @Test @Order(27)
    @DisplayName("smart_openid_connect_stu2_2 / smart_openid_token_payload: ID token payload has required claims and a valid signature")
    void tokenPayload() throws Exception {
        oidc.tokenPayload();
    }

    @Test @Order(28)
    @DisplayName("smart_openid_connect_stu2_2 / smart_openid_fhir_user_claim: FHIR resource representing the current user can be retrieved")
    void fhirUserClaim() throws Exception {
        oidc.fhirUserClaim();
    }

    @Test @Order(29)
    @DisplayName("smart_openid_connect_stu2_2 / smart_cors_openid_fhir_user_claim: SMART FHIR User REST API Endpoint Enables CORS")
    void corsFhirUserClaim() throws Exception {
        oidc.corsFhirUserClaim();
    }

    @Test @Order(30)
    @DisplayName("g10_token_refresh_stu2 / g10_token_refresh_without_scopes: Server successfully refreshes the access token when optional scope parameter omitted")
    void refreshWithoutScopes() throws Exception {
        refresh.refresh(false);
    }

    @Test @Order(31)
    @DisplayName("g10_token_refresh_stu2 / g10_token_refresh_body_without_scopes: Token refresh response contains all required fields")
    void refreshWithoutScopesBody() throws Exception {
        refresh.refreshBody();
    }

    @Test @Order(32)
    @DisplayName("g10_token_refresh_stu2 / g10_token_refresh_with_scopes: Server successfully refreshes the access token when optional scope parameter provided")
    void refreshWithScopes() throws Exception {
        refresh.refresh(true);
    }

    @Test @Order(33)
    @DisplayName("g10_token_refresh_stu2 / g10_token_refresh_body_with_scopes: Token refresh response contains all required fields")
    void refreshWithScopesBody() throws Exception {
        refresh.refreshBody();
    }

    @Test @Order(34)
    @DisplayName("g10_token_refresh_stu2 / g10_patient_context: Patient from launch context can be retrieved (after refresh)")
    void patientContextAfterRefresh() throws Exception {
        g10.patientContext();
    }
}
