package io.github.hapismart.conformance;

import static io.github.hapismart.conformance.AuthInfo.Type.SYMMETRIC;
import static io.github.hapismart.conformance.InfernoScopes.G10_PATIENT_V1;
import static io.github.hapismart.conformance.Tester.User.PATIENT;

import io.github.hapismart.it.SampleServerFixture;
import java.util.List;
import org.junit.jupiter.api.DisplayName;

/**
 * ONC g(10) kit, group {@code g10_smart_invalid_aud}: a standalone launch whose {@code aud} is
 * {@code https://inferno.healthit.gov/invalid_aud}; the tester follows the link and, whatever the pages show, Inferno
 * must never receive a code.
 */
@DisplayName("g10_certification / g10_smart_invalid_aud: Invalid AUD Parameter")
class ConformanceG10InvalidAudTest extends InfernoSuite {

    @Override
    List<InfernoGroup> groups(SampleServerFixture server) {
        LaunchPlan wrongAudience = LaunchPlan.as(PATIENT).withAud("https://inferno.healthit.gov/invalid_aud");
        return List.of(G10Groups.invalidAud(launch(withEndpoints(app(SYMMETRIC, G10_PATIENT_V1)), wrongAudience)));
    }
}
