package io.github.hapismart.conformance;

import static io.github.hapismart.conformance.AuthInfo.Type.SYMMETRIC;
import static io.github.hapismart.conformance.InfernoGroups.g10;
import static io.github.hapismart.conformance.InfernoGroups.patientContext;
import static io.github.hapismart.conformance.InfernoGroups.restrictedAccess;
import static io.github.hapismart.conformance.InfernoGroups.standaloneLaunch;
import static io.github.hapismart.conformance.InfernoScopes.G10_PATIENT_V2;
import static io.github.hapismart.conformance.InfernoStep.step;
import static io.github.hapismart.conformance.Tester.User.PATIENT;

import io.github.hapismart.it.SampleServerFixture;
import java.util.List;
import org.junit.jupiter.api.DisplayName;

/**
 * ONC g(10) kit, group {@code g10_smart_limited_app}: the same request as the full-access app, and the patient
 * unticks everything on the consent page except Patient, Condition and Observation (the kit's default expected
 * resources) and the launch/OpenID/offline scopes; the grant and each resource type's access must follow.
 */
@DisplayName("g10_certification / g10_smart_limited_app: Standalone Patient App - Limited Access")
class ConformanceG10LimitedAppTest extends InfernoSuite {

    /** The resource types the patient keeps on the consent page (the kit's default expected resources). */
    private static final List<String> GRANTED = List.of("Patient", "Condition", "Observation");
    private static final LaunchPlan PLAN = LaunchPlan.as(PATIENT)
            .consenting(Tester.only(s -> List.of("launch/patient", "openid", "fhirUser", "offline_access",
                    "patient/Patient.rs", "patient/Condition.rs", "patient/Observation.rs").contains(s)));

    @Override
    List<InfernoGroup> groups(SampleServerFixture server) {
        LaunchSteps launch = launch(withEndpoints(app(SYMMETRIC, G10_PATIENT_V2)), PLAN);
        return List.of(standaloneLaunch(launch).then(patientContext(launch),
                        step("g10_limited_scope_grant", "OAuth token exchange response grants scope that is limited to "
                                + "those selected by user", () -> g10(launch).limitedScopeGrant(GRANTED))),
                restrictedAccess(launch, GRANTED));
    }
}
