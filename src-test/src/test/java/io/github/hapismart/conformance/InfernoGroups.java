package io.github.hapismart.conformance;

import static io.github.hapismart.conformance.InfernoStep.step;
import static io.github.hapismart.conformance.InfernoStep.unnamed;

import java.util.List;

/**
 * One definition per Inferno test group that more than one conformance class runs: the SMART App Launch kit's
 * discovery, standalone and EHR launch, OpenID Connect and refresh groups, and the g(10) kit's refresh and resource
 * access groups. Each returns the group's tests in Inferno's order, with Inferno's ids and titles, bound to the steps
 * objects of one class; a class adapts a group (its own path, a test its variant lacks, g(10) tests appended) with
 * {@link InfernoGroup}'s methods instead of copying it.
 */
final class InfernoGroups {

    /** The resource types of the g(10) resource access groups, in the kit's order. */
    static final List<String> ACCESS_TYPES = List.of("AllergyIntolerance", "CarePlan", "CareTeam", "Condition",
            "Device", "DiagnosticReport", "DocumentReference", "Goal", "Immunization", "MedicationRequest",
            "Observation", "Procedure", "Patient", "Encounter", "ServiceRequest", "Coverage", "MedicationDispense");

    private static final String DISCOVERY = "smart_discovery_stu2_2";
    private static final String STANDALONE = "smart_standalone_launch_stu2_2";
    private static final String EHR = "smart_ehr_launch_stu2_2";
    private static final String OPENID = "smart_openid_connect_stu2_2";
    private static final String G10_REFRESH = "g10_token_refresh_stu2";

    private InfernoGroups() {
    }

    /** {@code smart_discovery_stu2_2}: the well-known document, its required fields, CORS on it and on metadata. */
    static InfernoGroup discovery(DiscoverySteps discovery, AuthInfo auth) {
        return InfernoGroup.of(DISCOVERY,
                step("well_known_endpoint", "FHIR server makes SMART configuration available from well-known endpoint",
                        () -> discovery.wellKnownEndpoint(auth)),
                step("well_known_capabilities_stu2", "Well-known configuration contains required fields",
                        discovery::wellKnownCapabilitiesStu2),
                step("smart_cors_well_known_endpoint", ".well-known/smart-configuration enables CORS",
                        discovery::corsWellKnownEndpoint),
                step("smart_cors_metadata_request", "metadata enables CORS", discovery::corsMetadataRequest));
    }

    /** {@link #discovery(DiscoverySteps, AuthInfo)} for the client of {@code launch}. */
    static InfernoGroup discovery(LaunchSteps launch) {
        return discovery(new DiscoverySteps(launch.http, launch.server), launch.auth);
    }

    /** The g(10) kit's discovery: {@link #discovery} plus the capabilities its scenario needs. */
    static InfernoGroup g10Discovery(LaunchSteps launch, List<String> requiredCapabilities) {
        DiscoverySteps discovery = new DiscoverySteps(launch.http, launch.server);
        return discovery(discovery, launch.auth).then(step("g10_smart_well_known_capabilities",
                "Well-known configuration declares support for required capabilities",
                () -> discovery.g10WellKnownCapabilities(requiredCapabilities)));
    }

    /** {@code smart_standalone_launch_stu2_2}: authorize, code, token exchange, its body, headers and CORS. */
    static InfernoGroup standaloneLaunch(LaunchSteps launch) {
        return InfernoGroup.of(STANDALONE).then(authorization("standalone", launch)).then(tokenExchange(launch));
    }

    /** {@code smart_ehr_launch_stu2_2}: the EHR launches the app, then authorize and token exchange as standalone. */
    static InfernoGroup ehrLaunch(LaunchSteps launch) {
        return InfernoGroup.of(EHR,
                step("smart_app_launch", "EHR server redirects client browser to Inferno app launch URI",
                        () -> launch.appLaunch(DemoData.launchContext(launch))),
                step("smart_launch_received", "EHR server sends launch parameter", launch::launchReceived))
                .then(authorization("ehr", launch)).then(tokenExchange(launch));
    }

    /** The authorization steps both launches share; the TLS tests' ids name the launch: standalone or ehr. */
    private static InfernoStep[] authorization(String kind, LaunchSteps launch) {
        return new InfernoStep[] {
            step(kind + "_auth_tls", "OAuth 2.0 authorize endpoint secured by transport layer security",
                    () -> Inferno.tlsVersionTest(launch.http, launch.auth.authUrl)),
            step("smart_app_redirect_stu2", "OAuth server redirects client browser to app redirect URI",
                    launch::appRedirect),
            step("smart_code_received", "OAuth server sends code parameter", launch::codeReceived),
            step(kind + "_token_tls", "OAuth 2.0 token endpoint secured by transport layer security",
                    () -> Inferno.tlsVersionTest(launch.http, launch.auth.tokenUrl))};
    }

    private static InfernoStep[] tokenExchange(LaunchSteps launch) {
        return new InfernoStep[] {
            step("smart_token_exchange_stu2_2",
                    "OAuth token exchange request succeeds when supplied correct information", launch::tokenExchange),
            step("smart_token_response_body_stu2_2",
                    "Token exchange response body contains required information encoded in JSON",
                    launch::tokenResponseBody),
            step("smart_token_response_headers", "Response includes correct HTTP Cache-Control and Pragma headers",
                    launch::tokenResponseHeaders),
            step("smart_cors_token_exchange",
                    "SMART Token Endpoint Enables Cross-Origin Resource Sharing (CORS)", launch::corsTokenExchange)};
    }

    /** {@code smart_openid_connect_stu2_2}: the id_token, the OpenID configuration and keys, and fhirUser. */
    static InfernoGroup openId(LaunchSteps launch) {
        OpenIdSteps oidc = new OpenIdSteps(launch.http, launch);
        return InfernoGroup.of(OPENID,
                step("smart_openid_decode_id_token", "ID token can be decoded", oidc::decodeIdToken),
                step("smart_openid_retrieve_configuration",
                        "OpenID Connect well-known configuration can be retrieved", oidc::retrieveConfiguration),
                step("smart_openid_required_configuration_fields",
                        "OpenID Connect well-known configuration contains all required fields",
                        oidc::requiredConfigurationFields),
                step("smart_openid_retrieve_jwks", "JWKS can be retrieved", oidc::retrieveJwks),
                step("smart_openid_token_header", "ID token header contains required information",
                        oidc::tokenHeader),
                step("smart_openid_token_payload", "ID token payload has required claims and a valid signature",
                        oidc::tokenPayload),
                step("smart_openid_fhir_user_claim", "FHIR resource representing the current user can be retrieved",
                        oidc::fhirUserClaim),
                step("smart_cors_openid_fhir_user_claim", "SMART FHIR User REST API Endpoint Enables CORS",
                        oidc::corsFhirUserClaim));
    }

    /**
     * The SMART kit's refresh groups ({@code smart_standalone_refresh_without_scopes}, {@code ..._with_scopes} and
     * their EHR twins): refresh with or without {@code scope}, the body, the headers.
     */
    static InfernoGroup refresh(String path, LaunchSteps launch, boolean withScopes) {
        RefreshSteps refresh = new RefreshSteps(launch.http, launch);
        return InfernoGroup.of(path,
                step("smart_token_refresh_stu2", "Server successfully refreshes the access token when optional scope "
                        + "parameter " + (withScopes ? "provided" : "omitted"), () -> refresh.refresh(withScopes)),
                step("smart_token_refresh_body", "Token refresh response contains all required fields",
                        refresh::refreshBody),
                step("smart_token_response_headers", "Response includes correct HTTP Cache-Control and Pragma headers",
                        refresh::refreshHeaders));
    }

    /**
     * The g(10) kit's standalone patient launch ({@code smart_standalone_launch_stu2_2} as the full-access and v1
     * groups extend it): the launch, then the granted scopes in the {@code requested} and {@code received} grammar,
     * a request without token refused, and the patient in context.
     */
    static InfernoGroup g10StandalonePatientLaunch(LaunchSteps launch, G10Steps.Version requested,
                                                   G10Steps.Version received) {
        return standaloneLaunch(launch).then(
                smartScopes(launch, requested, received, "patient", G10Steps.PATIENT_COMPARTMENT_TYPES),
                unauthorizedAccess(launch), patientContext(launch));
    }

    /** {@code g10_token_refresh_stu2}: refresh without and with scopes, each body, then the patient again. */
    static InfernoGroup g10Refresh(LaunchSteps launch) {
        RefreshSteps refresh = new RefreshSteps(launch.http, launch);
        return InfernoGroup.of(G10_REFRESH,
                step("g10_token_refresh_without_scopes",
                        "Server successfully refreshes the access token when optional scope parameter omitted",
                        () -> refresh.refresh(false)),
                step("g10_token_refresh_body_without_scopes", "Token refresh response contains all required fields",
                        refresh::refreshBody),
                step("g10_token_refresh_with_scopes",
                        "Server successfully refreshes the access token when optional scope parameter provided",
                        () -> refresh.refresh(true)),
                step("g10_token_refresh_body_with_scopes", "Token refresh response contains all required fields",
                        refresh::refreshBody),
                step("g10_patient_context", "Patient from launch context can be retrieved (after refresh)",
                        g10(launch)::patientContext));
    }

    /** {@link #g10Refresh} with the kit's last test: a made-up refresh token is refused. */
    static InfernoGroup g10RefreshWithInvalidToken(LaunchSteps launch) {
        RefreshSteps refresh = new RefreshSteps(launch.http, launch);
        return g10Refresh(launch).then(step("g10_invalid_token_refresh",
                "Refresh token exchange fails when supplied an invalid refresh token", refresh::invalidTokenRefresh));
    }

    /** {@code g10_unrestricted_resource_type_access}: every type of {@link #ACCESS_TYPES} is readable. */
    static InfernoGroup unrestrictedAccess(LaunchSteps launch) {
        G10Steps g10 = g10(launch);
        return InfernoGroup.of("g10_unrestricted_resource_type_access", ACCESS_TYPES.stream()
                .map(type -> step("g10_resource_access_test", "Access to " + type + " resources granted",
                        () -> g10.resourceAccess(type, true)))
                .toArray(InfernoStep[]::new));
    }

    /** {@code g10_restricted_resource_type_access}: exactly the {@code granted} types are readable. */
    static InfernoGroup restrictedAccess(LaunchSteps launch, List<String> granted) {
        G10Steps g10 = g10(launch);
        return InfernoGroup.of("g10_restricted_resource_type_access", ACCESS_TYPES.stream()
                .map(type -> step("g10_restricted_access_test", "Access to " + type
                                + " resources are restricted properly based on patient-selected scope",
                        () -> g10.resourceAccess(type, granted.contains(type))))
                .toArray(InfernoStep[]::new));
    }

    /** g(10)'s {@code g10_patient_context}, which several g(10) groups append to a launch. */
    static InfernoStep patientContext(LaunchSteps launch) {
        return step("g10_patient_context", "Patient from launch context can be retrieved", g10(launch)::patientContext);
    }

    /** g(10)'s id_token check after a public or asymmetric standalone launch (Inferno gives it no id). */
    static InfernoStep idTokenPresent(LaunchSteps launch) {
        return unnamed("OAuth token exchange response contains OpenID Connect id_token", g10(launch)::idTokenPresent);
    }

    /** g(10)'s {@code g10_unauthorized_access}: a request without the token is refused. */
    static InfernoStep unauthorizedAccess(LaunchSteps launch) {
        return step("g10_unauthorized_access", "Server rejects unauthorized access", g10(launch)::unauthorizedAccess);
    }

    /** g(10)'s {@code g10_smart_scopes} for a {@code level} ("patient" or "user") token. */
    static InfernoStep smartScopes(LaunchSteps launch, G10Steps.Version requested, G10Steps.Version received,
                                   String level, List<String> resourceTypes) {
        G10Steps g10 = g10(launch);
        return step("g10_smart_scopes", ("patient".equals(level) ? "Patient" : "User")
                        + "-level access with OpenID Connect and Refresh Token scopes used.",
                () -> g10.smartScopes(requested, received, level, List.of("openid", "fhirUser",
                        "patient".equals(level) ? "launch/patient" : "launch", "offline_access"), resourceTypes));
    }

    /** {@code backend_services_authorization}: the token request of a backend service and its refusals. */
    static InfernoGroup backendServices(BackendServicesSteps backend, AuthInfo auth) {
        return InfernoGroup.of("backend_services_authorization",
                step("smart_backend_services_token_tls_version", "token endpoint secured by TLS",
                        backend::tokenEndpointTls),
                step("smart_backend_services_invalid_grant_type",
                        "Authorization request fails when client supplies invalid grant_type",
                        () -> Inferno.assertStatus(backend.invalidGrantType(), 400)),
                step("smart_backend_services_invalid_client_assertion",
                        "Authorization request fails when supplied invalid client_assertion_type",
                        () -> Inferno.assertStatus(backend.invalidClientAssertionType(), 400, 401)),
                step("smart_backend_services_invalid_jwt",
                        "Authorization request fails when client supplies invalid JWT token", () -> {
                            // The kit's request for this test carries the invalid client_assertion_type of the
                            // previous one.
                            Inferno.assertStatus(backend.invalidClientAssertionType(), 400, 401);
                            Inferno.assertStatus(backend.invalidIss(), 400, 401);
                        }),
                step("smart_backend_services_auth_request_success",
                        "Authorization request succeeds when supplied correct information", backend::requestSucceeds),
                step("smart_backend_services_auth_response_body",
                        "Authorization request response body contains required information encoded in JSON",
                        backend::responseBody));
    }

    /** {@code smart_token_introspection_request_group} and {@code ..._response_group}, on an active and a bad token. */
    static List<InfernoGroup> introspection(IntrospectionSteps introspection, DiscoverySteps discovery) {
        return List.of(
                InfernoGroup.of("smart_token_introspection_request_group",
                        unnamed("Token introspection endpoint returns a response when provided an active token",
                                () -> introspection.activeTokenRequest(discovery)),
                        unnamed("Token introspection endpoint returns a response when provided an invalid token",
                                () -> introspection.invalidTokenRequest(discovery))),
                InfernoGroup.of("smart_token_introspection_response_group",
                        unnamed("Token introspection response for an active token contains required fields",
                                introspection::activeResponseFields),
                        unnamed("Token introspection response for an invalid token contains required fields",
                                introspection::invalidResponseFields)));
    }

    /**
     * The g(10) kit's checks on what {@code launch} received. Stateless, so each group makes its own; the steps
     * objects that keep state between tests (refresh, OpenID) are made once per group for the same reason.
     */
    static G10Steps g10(LaunchSteps launch) {
        return new G10Steps(launch.http, launch);
    }
}
