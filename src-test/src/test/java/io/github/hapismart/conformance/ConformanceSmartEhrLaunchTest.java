package io.github.hapismart.conformance;

import static io.github.hapismart.conformance.AuthInfo.Type.SYMMETRIC;
import static io.github.hapismart.conformance.InfernoGroups.discovery;
import static io.github.hapismart.conformance.InfernoGroups.ehrLaunch;
import static io.github.hapismart.conformance.InfernoGroups.openId;
import static io.github.hapismart.conformance.InfernoGroups.refresh;
import static io.github.hapismart.conformance.InfernoScopes.SMART_EHR;
import static io.github.hapismart.conformance.Tester.User.PRACTITIONER;

import io.github.hapismart.it.SampleServerFixture;
import java.util.List;
import org.junit.jupiter.api.DisplayName;

/**
 * SMART App Launch STU2.2 kit, group {@code smart_full_ehr_launch}: discovery, EHR launch (the EHR's launch API
 * sends the browser to Inferno's launch URI; a confidential symmetric client; the practitioner signs in), OpenID
 * Connect, token refresh without and with scopes. Requested scopes are the kit's default.
 */
@DisplayName("smart_stu2_2 / smart_full_ehr_launch: EHR Launch")
class ConformanceSmartEhrLaunchTest extends InfernoSuite {

    @Override
    List<InfernoGroup> groups(SampleServerFixture server) {
        LaunchSteps launch = launch(app(SYMMETRIC, SMART_EHR), LaunchPlan.as(PRACTITIONER));
        return List.of(discovery(launch), ehrLaunch(launch), openId(launch),
                refresh("smart_ehr_refresh_without_scopes", launch, false),
                refresh("smart_ehr_refresh_with_scopes", launch, true));
    }
}
