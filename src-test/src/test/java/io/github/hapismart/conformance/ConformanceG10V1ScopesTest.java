package io.github.hapismart.conformance;

import static io.github.hapismart.conformance.AuthInfo.Type.SYMMETRIC;
import static io.github.hapismart.conformance.InfernoGroups.g10Discovery;
import static io.github.hapismart.conformance.InfernoGroups.g10StandalonePatientLaunch;
import static io.github.hapismart.conformance.InfernoGroups.unrestrictedAccess;
import static io.github.hapismart.conformance.InfernoScopes.G10_PATIENT_V1;
import static io.github.hapismart.conformance.Tester.User.PATIENT;

import io.github.hapismart.it.SampleServerFixture;
import java.util.List;
import org.junit.jupiter.api.DisplayName;

/**
 * ONC g(10) kit, group {@code g10_smart_v1_scopes_stu2_2}: discovery with the scenario's capabilities, a standalone
 * launch requesting the kit's v1 ({@code .read}) scopes, which may be granted in either syntax, and access to every
 * USCDI type.
 */
@DisplayName("g10_certification / g10_smart_v1_scopes_stu2_2: App Launch with SMART v1 scopes")
class ConformanceG10V1ScopesTest extends InfernoSuite {

    @Override
    List<InfernoGroup> groups(SampleServerFixture server) {
        // SMART v1 scopes requested; the granted ones may come back in either grammar.
        LaunchSteps launch = launch(app(SYMMETRIC, G10_PATIENT_V1), LaunchPlan.as(PATIENT));
        List<String> capabilities = List.of(
                        "launch-standalone", "client-public", "client-confidential-symmetric",
                        "client-confidential-asymmetric", "sso-openid-connect", "context-standalone-patient",
                        "permission-offline", "permission-patient", "authorize-post", "permission-v2",
                        "permission-v1");
        return List.of(g10Discovery(launch, capabilities),
                g10StandalonePatientLaunch(launch, G10Steps.Version.V1, G10Steps.Version.ANY),
                unrestrictedAccess(launch));
    }
}
