package io.github.hapismart.conformance;

import static io.github.hapismart.conformance.AuthInfo.Type.SYMMETRIC;
import static io.github.hapismart.conformance.InfernoScopes.G10_PATIENT_V1;
import static io.github.hapismart.conformance.Tester.User.PATIENT;

import io.github.hapismart.it.SampleServerFixture;
import java.util.List;
import org.junit.jupiter.api.DisplayName;

/**
 * ONC g(10) kit, group {@code g10_smart_invalid_token_request_stu2} (also run for SMART 2.2): a standalone launch, then
 * the code exchange with an invalid code (exactly 400 expected) and with an invalid client ID (400 or 401).
 */
@DisplayName("g10_certification / g10_smart_invalid_token_request_stu2: Invalid Access Token Request")
class ConformanceG10InvalidTokenRequestTest extends InfernoSuite {

    @Override
    List<InfernoGroup> groups(SampleServerFixture server) {
        AuthInfo auth = withEndpoints(app(SYMMETRIC, G10_PATIENT_V1));
        return List.of(G10Groups.invalidTokenRequest(launch(auth, LaunchPlan.as(PATIENT))));
    }
}
