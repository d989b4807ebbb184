package io.github.hapismart.conformance;

import static io.github.hapismart.conformance.InfernoStep.step;
import static io.github.hapismart.conformance.InfernoStep.unnamed;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The definitions of the ONC g(10) kit's groups that test a refusal or a narrowed grant (invalid aud, invalid PKCE
 * verifiers, invalid token requests, granular scopes, revocation, bulk data authorization), each bound to the steps
 * objects of the class that mirrors it. The groups that g(10) shares with the SMART kit are in {@link InfernoGroups}.
 */
final class G10Groups {

    private G10Groups() {
    }

    /**
     * {@code g10_smart_fine_grained_scopes_stu2_2 / granular_scopes_<n>}: a standalone launch (without the CORS test)
     * whose Condition and Observation searches return only the categories granted.
     */
    static InfernoGroup fineGrainedScopes(int n, LaunchSteps launch, List<String> conditionCategories,
                                          List<String> observationCategories) {
        G10Steps g10 = InfernoGroups.g10(launch);
        return InfernoGroups.standaloneLaunch(launch).without("smart_cors_token_exchange")
                .as("g10_smart_fine_grained_scopes_stu2_2 / granular_scopes_" + n)
                .then(step("us_core_v610_condition_granular_scope_" + n + "_group",
                                "Condition searches return only the granted categories",
                                () -> g10.onlyGrantedCategories("Condition", Set.copyOf(conditionCategories))),
                        step("us_core_v610_observation_granular_scope_" + n + "_group",
                                "Observation searches return only the granted categories",
                                () -> g10.onlyGrantedCategories("Observation", Set.copyOf(observationCategories))));
    }

    /** {@code g10_smart_invalid_aud}: an authorization request naming another {@code aud} gets no code. */
    static InfernoGroup invalidAud(LaunchSteps launch) {
        return InfernoGroup.of("g10_smart_invalid_aud",
                step("smart_app_redirect_stu2_2", "OAuth server redirects client browser to app redirect URI "
                        + "(invalid aud)", () -> launch.appRedirect(false)),
                unnamed("Inferno client app does not receive code parameter redirect URI", () -> assertTrue(
                        launch.redirectUrl == null || !launch.redirectUrl.startsWith(launch.auth.redirectUri)
                                || LaunchSteps.param(launch.redirectUrl, "code") == null,
                        "Authorization has incorrectly succeeded because access code provided to Inferno.")));
    }

    /**
     * {@code g10_smart_invalid_pkce_code_verifier_group_stu2_2}: four launches whose code is exchanged with no, a blank,
     * a wrong and the challenge as verifier; each exchange fails.
     */
    static InfernoGroup invalidPkce(LaunchSteps launch) {
        return InfernoGroup.of("g10_smart_invalid_pkce_code_verifier_group_stu2_2")
                .then(pkceRound(launch, 1, "no", "OAuth token exchange fails when no code_verifier is given",
                        () -> null))
                .then(pkceRound(launch, 2, "blank", "OAuth token exchange fails when code_verifier is blank",
                        () -> ""))
                .then(pkceRound(launch, 3, "bad", "OAuth token exchange fails when code_verifier is incorrect",
                        () -> UUID.randomUUID() + "-" + UUID.randomUUID()))
                .then(pkceRound(launch, 4, "plain",
                        "OAuth token exchange fails when code_verifier matches code_challenge", () -> launch.challenge));
    }

    private static InfernoStep[] pkceRound(LaunchSteps launch, int round, String kind, String exchangeTitle,
                                           java.util.function.Supplier<String> verifier) {
        return new InfernoStep[] {
            step("smart_" + kind + "_code_verifier_redirect", "Invalid PKCE code_verifier " + round + "/4",
                    launch::appRedirect),
            step("smart_" + kind + "_code_verifier_code_received", "OAuth server sends code parameter",
                    launch::codeReceived),
            step("smart_" + kind + "_verifier_token_request", exchangeTitle, () -> {
                Inferno.skipIf(launch.code() == null, "Error during authorization request");
                Inferno.assertStatus(launch.exchange(launch.code(), verifier.get(), launch.auth), 400, 401);
            })};
    }

    /** {@code g10_smart_invalid_token_request_stu2}: after a good authorization, a bad code and a bad client fail. */
    static InfernoGroup invalidTokenRequest(LaunchSteps launch) {
        return InfernoGroup.of("g10_smart_invalid_token_request_stu2",
                step("smart_app_redirect_stu2", "OAuth server redirects client browser to app redirect URI",
                        launch::appRedirect),
                step("smart_code_received", "OAuth server sends code parameter", launch::codeReceived),
                unnamed("OAuth token exchange fails when supplied invalid code", () -> {
                    Inferno.skipIf(launch.code() == null, "Error during authorization request");
                    Inferno.assertStatus(launch.exchange("BAD_CODE", launch.verifier, launch.auth), 400);
                }),
                unnamed("OAuth token exchange fails when supplied invalid client ID", () -> {
                    Inferno.skipIf(launch.code() == null, "Error during authorization request");
                    AuthInfo bad = new AuthInfo(AuthInfo.Type.SYMMETRIC);
                    bad.clientId = "BAD_CLIENT_ID";
                    bad.clientSecret = launch.auth.clientSecret;
                    bad.tokenUrl = launch.auth.tokenUrl;
                    Inferno.assertStatus(launch.exchange(launch.code(), launch.verifier, bad), 400, 401);
                }));
    }

    /**
     * {@code g10_token_revocation}: the patient revokes the app on the management page; then the access token no
     * longer reads the patient and the refresh token no longer refreshes.
     */
    static InfernoGroup tokenRevocation(LaunchSteps launch) {
        RefreshSteps refresh = new RefreshSteps(launch.http, launch);
        return InfernoGroup.of("g10_token_revocation",
                unnamed("Health IT developer demonstrated the ability of the Health IT Module to revoke tokens within "
                        + "one hour of a patient's request", () -> {
                            Inferno.skipIf(launch.auth.accessToken == null, "No tokens to revoke");
                            assertTrue(launch.tester.revokeAt(launch.server.rootUrl() + "/auth/manage",
                                    launch.plan.user(), launch.auth.clientName) > 0,
                                    "The management page listed no grant of the app to revoke");
                        }),
                unnamed("Access to Patient resource returns unauthorized after token revocation.", () -> {
                    Inferno.skipIf(launch.patientId == null, "Patient ID not provided to test.");
                    Inferno.assertStatus(launch.read("Patient", launch.patientId), 401, 403, 404);
                }),
                unnamed("Token refresh fails after token revocation.", () -> {
                    Inferno.skipIf(launch.auth.refreshToken == null, "Refresh token not provided to test.");
                    Inferno.assertStatus(refresh.refreshWith(launch.auth.refreshToken), 400, 401);
                }));
    }

    /** {@code bulk_data_authorization}: the backend-services token request and its refusals, as g(10) expects. */
    static InfernoGroup bulkDataAuthorization(BackendServicesSteps backend, AuthInfo auth) {
        return InfernoGroup.of("bulk_data_authorization",
                step("tls_version_test", "Authorization service token endpoint secured by TLS",
                        backend::tokenEndpointTls),
                unnamed("Authorization request fails when client supplies invalid grant_type",
                        () -> Inferno.assertStatus(backend.invalidGrantType(), 400)),
                unnamed("Authorization request fails when supplied invalid client_assertion_type",
                        () -> Inferno.assertStatus(backend.invalidClientAssertionType(), 400)),
                unnamed("Authorization request fails when client supplies invalid JWT token",
                        () -> Inferno.assertStatus(backend.invalidIss(), 400, 401)),
                unnamed("Authorization request succeeds when supplied correct information", backend::requestSucceeds),
                unnamed("Authorization request response body contains required information encoded in JSON",
                        backend::responseBody));
    }
}
