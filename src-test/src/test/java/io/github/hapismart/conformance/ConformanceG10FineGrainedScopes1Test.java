package io.github.hapismart.conformance;

import static io.github.hapismart.conformance.AuthInfo.Type.SYMMETRIC;
import static io.github.hapismart.conformance.InfernoScopes.granular;
import static io.github.hapismart.conformance.Tester.User.PATIENT;

import io.github.hapismart.it.SampleServerFixture;
import java.util.List;
import org.junit.jupiter.api.DisplayName;

/**
 * ONC g(10) kit, group {@code g10_smart_fine_grained_scopes_stu2_2}, Granular Scopes 1: a standalone launch
 * requesting only the group's category scopes (approved as proposed), then searches by patient return only, and all
 * of, the granted Condition and Observation categories.
 */
@DisplayName("g10_certification / g10_smart_fine_grained_scopes_stu2_2 / Granular Scopes 1")
class ConformanceG10FineGrainedScopes1Test extends InfernoSuite {

    /** The categories the group grants, requested as granular scopes and then expected in the searches. */
    private static final List<String> CONDITION = List.of(
            "http://terminology.hl7.org/CodeSystem/condition-category|encounter-diagnosis",
            "http://hl7.org/fhir/us/core/CodeSystem/condition-category|health-concern");
    private static final List<String> OBSERVATION = List.of(
            "http://terminology.hl7.org/CodeSystem/observation-category|laboratory",
            "http://terminology.hl7.org/CodeSystem/observation-category|social-history");

    @Override
    List<InfernoGroup> groups(SampleServerFixture server) {
        AuthInfo auth = withEndpoints(app(SYMMETRIC, granular(CONDITION, OBSERVATION)));
        return List.of(G10Groups.fineGrainedScopes(1, launch(auth, LaunchPlan.as(PATIENT)), CONDITION, OBSERVATION));
    }
}
