package io.github.hapismart.conformance;

import static io.github.hapismart.conformance.AuthInfo.Type.SYMMETRIC;
import static io.github.hapismart.conformance.InfernoGroups.ehrLaunch;
import static io.github.hapismart.conformance.InfernoGroups.g10;
import static io.github.hapismart.conformance.InfernoGroups.g10Discovery;
import static io.github.hapismart.conformance.InfernoGroups.g10Refresh;
import static io.github.hapismart.conformance.InfernoGroups.openId;
import static io.github.hapismart.conformance.InfernoGroups.patientContext;
import static io.github.hapismart.conformance.InfernoGroups.smartScopes;
import static io.github.hapismart.conformance.InfernoGroups.unauthorizedAccess;
import static io.github.hapismart.conformance.InfernoScopes.G10_EHR_PRACTITIONER;
import static io.github.hapismart.conformance.InfernoStep.step;
import static io.github.hapismart.conformance.Tester.User.PRACTITIONER;

import io.github.hapismart.it.SampleServerFixture;
import java.util.List;
import org.junit.jupiter.api.DisplayName;

/**
 * ONC g(10) kit, group {@code g10_smart_ehr_practitioner_app} (SMART 2.2, US Core 6.1.0): discovery with the
 * scenario's capabilities, an EHR launch with the kit's user-level v2 scopes sent by POST (authorize-post), launch
 * context (patient, encounter, smart_style_url, need_patient_banner), OpenID Connect and token refresh.
 */
@DisplayName("g10_certification / g10_smart_ehr_practitioner_app: EHR Practitioner App")
class ConformanceG10EhrPractitionerAppTest extends InfernoSuite {

    @Override
    List<InfernoGroup> groups(SampleServerFixture server) {
        LaunchSteps launch = launch(app(SYMMETRIC, G10_EHR_PRACTITIONER), LaunchPlan.as(PRACTITIONER).byPost());
        G10Steps g10 = g10(launch);
        return List.of(g10Discovery(launch, List.of(
                        "launch-ehr", "client-confidential-symmetric", "client-confidential-asymmetric",
                        "sso-openid-connect", "context-banner", "context-style", "context-ehr-patient",
                        "permission-offline", "permission-user", "authorize-post", "permission-v2", "permission-v1",
                        "context-ehr-encounter")),
                ehrLaunch(launch).then(
                        smartScopes(launch, G10Steps.Version.V2, G10Steps.Version.V2, "user",
                                G10Steps.PATIENT_COMPARTMENT_TYPES),
                        unauthorizedAccess(launch), patientContext(launch),
                        step("g10_encounter_context", "OAuth token exchange response body contains encounter context "
                                + "and encounter resource can be retrieved", g10::encounterContext),
                        step("Test13", "Launch context contains smart_style_url which links to valid JSON",
                                g10::smartStyleUrl),
                        step("Test14", "Launch context contains need_patient_banner", g10::needPatientBanner)),
                openId(launch), g10Refresh(launch));
    }
}
