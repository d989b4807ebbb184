package io.github.hapismart.conformance;

import static io.github.hapismart.conformance.AuthInfo.Type.SYMMETRIC;
import static io.github.hapismart.conformance.InfernoGroups.g10Discovery;
import static io.github.hapismart.conformance.InfernoGroups.g10RefreshWithInvalidToken;
import static io.github.hapismart.conformance.InfernoGroups.g10StandalonePatientLaunch;
import static io.github.hapismart.conformance.InfernoGroups.openId;
import static io.github.hapismart.conformance.InfernoGroups.unrestrictedAccess;
import static io.github.hapismart.conformance.InfernoScopes.G10_PATIENT_V2;
import static io.github.hapismart.conformance.Tester.User.PATIENT;

import io.github.hapismart.it.SampleServerFixture;
import java.util.List;
import org.junit.jupiter.api.DisplayName;

/**
 * ONC g(10) kit, group {@code g10_smart_standalone_patient_app} (SMART 2.2, US Core 6.1.0): discovery with the
 * scenario's capabilities, a standalone launch by the patient user with a confidential symmetric client and the
 * kit's v2 scopes (plus the four US Core 6 types), OpenID Connect, token refresh, and access to every USCDI type.
 */
@DisplayName("g10_certification / g10_smart_standalone_patient_app: Standalone Patient App - Full Access")
class ConformanceG10StandalonePatientAppTest extends InfernoSuite {

    @Override
    List<InfernoGroup> groups(SampleServerFixture server) {
        LaunchSteps launch = launch(app(SYMMETRIC, G10_PATIENT_V2), LaunchPlan.as(PATIENT));
        return List.of(g10Discovery(launch, List.of(
                        "launch-standalone", "client-public", "client-confidential-symmetric",
                        "client-confidential-asymmetric", "sso-openid-connect", "context-standalone-patient",
                        "permission-offline", "permission-patient", "authorize-post", "permission-v2",
                        "permission-v1")),
                g10StandalonePatientLaunch(launch, G10Steps.Version.V2, G10Steps.Version.V2),
                openId(launch), g10RefreshWithInvalidToken(launch), unrestrictedAccess(launch));
    }
}
