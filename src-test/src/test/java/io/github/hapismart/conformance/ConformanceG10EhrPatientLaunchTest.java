package io.github.hapismart.conformance;

import static io.github.hapismart.conformance.AuthInfo.Type.SYMMETRIC;
import static io.github.hapismart.conformance.InfernoGroups.ehrLaunch;
import static io.github.hapismart.conformance.InfernoGroups.g10;
import static io.github.hapismart.conformance.InfernoGroups.patientContext;
import static io.github.hapismart.conformance.InfernoScopes.G10_EHR_PATIENT;
import static io.github.hapismart.conformance.InfernoStep.step;
import static io.github.hapismart.conformance.Tester.User.PRACTITIONER;

import io.github.hapismart.it.SampleServerFixture;
import java.util.List;
import org.junit.jupiter.api.DisplayName;

/**
 * ONC g(10) kit, group {@code g10_ehr_patient_launch_stu2_2}: an EHR launch requesting
 * {@code launch openid fhirUser offline_access patient/Patient.rs}; the patient in context is readable and a
 * patient-level Patient scope is granted.
 */
@DisplayName("g10_certification / g10_ehr_patient_launch_stu2_2: EHR Launch with Patient Scopes")
class ConformanceG10EhrPatientLaunchTest extends InfernoSuite {

    @Override
    List<InfernoGroup> groups(SampleServerFixture server) {
        LaunchSteps launch = launch(withEndpoints(app(SYMMETRIC, G10_EHR_PATIENT)), LaunchPlan.as(PRACTITIONER));
        return List.of(ehrLaunch(launch).as("g10_ehr_patient_launch_stu2_2").then(patientContext(launch),
                step("g10_patient_scope", "Patient-level scopes were granted", g10(launch)::patientScope)));
    }
}
