package io.github.hapismart.conformance;

import static io.github.hapismart.conformance.AuthInfo.Type.SYMMETRIC;
import static io.github.hapismart.conformance.InfernoGroups.discovery;
import static io.github.hapismart.conformance.InfernoGroups.introspection;
import static io.github.hapismart.conformance.InfernoGroups.standaloneLaunch;
import static io.github.hapismart.conformance.InfernoScopes.SMART_STANDALONE;
import static io.github.hapismart.conformance.Tester.User.PATIENT;

import io.github.hapismart.it.SampleServerFixture;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;

/**
 * SMART App Launch STU2.2 kit, group {@code smart_token_introspection_stu2_2}: a new standalone launch (confidential
 * symmetric, patient user), then Inferno as a resource server introspects its access token and an invalid one, with
 * the HTTP Basic header of a second confidential client, and validates both responses.
 */
@DisplayName("smart_stu2_2 / smart_token_introspection_stu2_2: Token Introspection")
class ConformanceSmartTokenIntrospectionTest extends InfernoSuite {

    private static final String ACCESS_TOKEN_GROUP = "smart_token_introspection_access_token_group_stu2_2";

    @Override
    List<InfernoGroup> groups(SampleServerFixture server) {
        DiscoverySteps discovery = new DiscoverySteps(http, server);
        LaunchSteps launch = launch(app(SYMMETRIC, SMART_STANDALONE), LaunchPlan.as(PATIENT));
        // The resource server that asks about the app's token: a confidential client of its own.
        IntrospectionSteps introspection = new IntrospectionSteps(http, launch, app(SYMMETRIC, "openid"));
        List<InfernoGroup> groups = new ArrayList<>(List.of(
                discovery(discovery, launch.auth).within(ACCESS_TOKEN_GROUP),
                standaloneLaunch(launch).within(ACCESS_TOKEN_GROUP)));
        groups.addAll(introspection(introspection, discovery));
        return groups;
    }
}
