package io.github.hapismart.conformance;

import static io.github.hapismart.conformance.AuthInfo.Type.SYMMETRIC;
import static io.github.hapismart.conformance.InfernoScopes.G10_PATIENT_V1;
import static io.github.hapismart.conformance.Tester.User.PATIENT;

import io.github.hapismart.it.SampleServerFixture;
import java.util.List;
import org.junit.jupiter.api.DisplayName;

/**
 * ONC g(10) kit, group {@code g10_smart_invalid_pkce_code_verifier_group_stu2_2}: four standalone launches, each
 * code exchanged with a bad {@code code_verifier} (missing, blank, wrong, equal to the challenge); none may yield a
 * token.
 */
@DisplayName("g10_certification / g10_smart_invalid_pkce_code_verifier_group_stu2_2: Invalid PKCE Code Verifier")
class ConformanceG10InvalidPkceTest extends InfernoSuite {

    @Override
    List<InfernoGroup> groups(SampleServerFixture server) {
        return List.of(G10Groups.invalidPkce(launch(withEndpoints(app(SYMMETRIC, G10_PATIENT_V1)),
                LaunchPlan.as(PATIENT))));
    }
}
