package io.github.hapismart.conformance;

import static io.github.hapismart.conformance.AuthInfo.Type.SYMMETRIC;
import static io.github.hapismart.conformance.InfernoGroups.standaloneLaunch;
import static io.github.hapismart.conformance.InfernoScopes.G10_PATIENT_V2;
import static io.github.hapismart.conformance.Tester.User.PATIENT;

import io.github.hapismart.it.SampleServerFixture;
import java.util.List;
import org.junit.jupiter.api.DisplayName;

/**
 * ONC g(10) kit, group {@code g10_token_revocation}: after a standalone launch (the prerequisite the kit takes as
 * inputs), the patient revokes the app on the server's management page; the revoked access token no longer reads the
 * patient and the revoked refresh token no longer refreshes.
 */
@DisplayName("g10_certification / g10_token_revocation: Token Revocation")
class ConformanceG10TokenRevocationTest extends InfernoSuite {

    @Override
    List<InfernoGroup> groups(SampleServerFixture server) {
        LaunchSteps launch = launch(withEndpoints(app(SYMMETRIC, G10_PATIENT_V2)), LaunchPlan.as(PATIENT));
        InfernoGroup prerequisite = standaloneLaunch(launch).without("smart_cors_token_exchange")
                .within("prerequisite");
        return List.of(prerequisite, G10Groups.tokenRevocation(launch));
    }
}
