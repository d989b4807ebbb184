package io.github.hapismart.conformance;

import static io.github.hapismart.conformance.AuthInfo.Type.ASYMMETRIC;
import static io.github.hapismart.conformance.InfernoGroups.discovery;
import static io.github.hapismart.conformance.InfernoGroups.g10RefreshWithInvalidToken;
import static io.github.hapismart.conformance.InfernoGroups.idTokenPresent;
import static io.github.hapismart.conformance.InfernoGroups.patientContext;
import static io.github.hapismart.conformance.InfernoGroups.standaloneLaunch;
import static io.github.hapismart.conformance.InfernoScopes.G10_PATIENT_V2;
import static io.github.hapismart.conformance.Tester.User.PATIENT;

import com.nimbusds.jose.JWSAlgorithm;
import io.github.hapismart.it.SampleServerFixture;
import java.util.List;
import org.junit.jupiter.api.DisplayName;

/**
 * ONC g(10) kit, group {@code g10_asymmetric_launch_stu2_2}: discovery, a standalone launch by a confidential
 * asymmetric client (private_key_jwt, RS384, keys at Inferno's JWK Set URL), the patient in context, an id_token,
 * then token refresh authenticated the same way.
 */
@DisplayName("g10_certification / g10_asymmetric_launch_stu2_2: Asymmetric Client Standalone Launch")
class ConformanceG10AsymmetricLaunchTest extends InfernoSuite {

    @Override
    List<InfernoGroup> groups(SampleServerFixture server) {
        LaunchSteps launch = launch(app(ASYMMETRIC, G10_PATIENT_V2, JWSAlgorithm.RS384), LaunchPlan.as(PATIENT));
        return List.of(discovery(launch), standaloneLaunch(launch).then(patientContext(launch), idTokenPresent(launch)),
                g10RefreshWithInvalidToken(launch));
    }
}
