package io.github.hapismart.conformance;

import static io.github.hapismart.conformance.AuthInfo.Type.PUBLIC;
import static io.github.hapismart.conformance.InfernoGroups.discovery;
import static io.github.hapismart.conformance.InfernoGroups.openId;
import static io.github.hapismart.conformance.InfernoGroups.refresh;
import static io.github.hapismart.conformance.InfernoGroups.standaloneLaunch;
import static io.github.hapismart.conformance.InfernoScopes.SMART_STANDALONE;
import static io.github.hapismart.conformance.Tester.User.PRACTITIONER;

import io.github.hapismart.it.SampleServerFixture;
import java.util.List;
import org.junit.jupiter.api.DisplayName;

/**
 * SMART App Launch STU2.2 kit, group {@code smart_full_standalone_launch}: discovery, standalone launch (a public
 * client, PKCE S256, the practitioner picking demo patient 1), OpenID Connect, then token refresh without and with
 * the scope parameter. Requested scopes are the kit's default.
 */
@DisplayName("smart_stu2_2 / smart_full_standalone_launch: Standalone Launch")
class ConformanceSmartStandaloneLaunchTest extends InfernoSuite {

    @Override
    List<InfernoGroup> groups(SampleServerFixture server) {
        LaunchSteps launch = launch(app(PUBLIC, SMART_STANDALONE),
                LaunchPlan.as(PRACTITIONER).pickingPatient(DemoData.patientOfPatientUser(server)));
        return List.of(discovery(launch), standaloneLaunch(launch), openId(launch),
                refresh("smart_standalone_refresh_without_scopes", launch, false),
                refresh("smart_standalone_refresh_with_scopes", launch, true));
    }
}
