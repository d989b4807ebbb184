package io.github.hapismart.conformance;

import static io.github.hapismart.conformance.AuthInfo.Type.ASYMMETRIC;
import static io.github.hapismart.conformance.InfernoGroups.discovery;
import static io.github.hapismart.conformance.InfernoGroups.g10;
import static io.github.hapismart.conformance.InfernoGroups.smartScopes;
import static io.github.hapismart.conformance.InfernoGroups.standaloneLaunch;
import static io.github.hapismart.conformance.InfernoScopes.G10_GRANULAR_SELECTION;
import static io.github.hapismart.conformance.InfernoStep.step;
import static io.github.hapismart.conformance.Tester.User.PATIENT;

import com.nimbusds.jose.JWSAlgorithm;
import io.github.hapismart.it.SampleServerFixture;
import java.util.List;
import org.junit.jupiter.api.DisplayName;

/**
 * ONC g(10) kit, group {@code g10_smart_granular_scope_selection_stu2_2}: resource-level Condition and Observation
 * scopes are requested; on the consent page the patient unticks them and ticks every category offered under them
 * instead (Encounter Diagnosis, Problem List, Health Concern; Clinical Test, Laboratory, Social History, SDOH, Survey,
 * Vital Signs), keeping Patient. The kit's default client type, confidential asymmetric, is used.
 */
@DisplayName("g10_certification / g10_smart_granular_scope_selection_stu2_2: SMART Granular Scope Selection")
class ConformanceG10GranularScopeSelectionTest extends InfernoSuite {

    /** The patient unticks the resource-level Condition and Observation scopes, keeping the granular ones offered. */
    private static final LaunchPlan PLAN = LaunchPlan.as(PATIENT)
            .consenting(Tester.only(s -> !s.equals("patient/Condition.rs") && !s.equals("patient/Observation.rs")));

    @Override
    List<InfernoGroup> groups(SampleServerFixture server) {
        LaunchSteps launch = launch(app(ASYMMETRIC, G10_GRANULAR_SELECTION, JWSAlgorithm.ES384), PLAN);
        return List.of(discovery(launch),
                standaloneLaunch(launch).as("g10_granular_scope_selection_v2_2_scopes").then(
                        smartScopes(launch, G10Steps.Version.V2, G10Steps.Version.V2, "patient",
                                List.of("Patient", "Condition", "Observation")),
                        step("g10_smart_granular_scope_selection", "Granular Scope Selection",
                                g10(launch)::granularScopeSelection)));
    }
}
