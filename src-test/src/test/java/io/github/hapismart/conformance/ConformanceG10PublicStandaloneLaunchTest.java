package io.github.hapismart.conformance;

import static io.github.hapismart.conformance.AuthInfo.Type.PUBLIC;
import static io.github.hapismart.conformance.InfernoGroups.idTokenPresent;
import static io.github.hapismart.conformance.InfernoGroups.patientContext;
import static io.github.hapismart.conformance.InfernoGroups.standaloneLaunch;
import static io.github.hapismart.conformance.InfernoScopes.G10_PATIENT_V2;
import static io.github.hapismart.conformance.Tester.User.PATIENT;

import io.github.hapismart.it.SampleServerFixture;
import java.util.List;
import org.junit.jupiter.api.DisplayName;

/**
 * ONC g(10) kit, group {@code g10_public_standalone_launch_stu2_2}: a standalone launch by a public client (PKCE
 * only), the patient in context readable, an id_token in the token response.
 */
@DisplayName("g10_certification / g10_public_standalone_launch_stu2_2: Public Client Standalone Launch with OpenID Connect")
class ConformanceG10PublicStandaloneLaunchTest extends InfernoSuite {

    @Override
    List<InfernoGroup> groups(SampleServerFixture server) {
        LaunchSteps launch = launch(withEndpoints(app(PUBLIC, G10_PATIENT_V2)), LaunchPlan.as(PATIENT));
        return List.of(standaloneLaunch(launch).as("g10_public_standalone_launch_stu2_2")
                .then(patientContext(launch), idTokenPresent(launch)));
    }
}
