package io.github.hapismart.conformance;

import java.util.Objects;

/**
 * How the tester performs one launch, fixed before the group runs: who signs in, which patient they pick (if the
 * server asks), what they consent to, whether the app sends the authorization request by POST, and the {@code aud}
 * it names. Immutable; the steps read it and never change it. What a launch produces (code, tokens, context) is
 * Inferno's output and lives in {@link LaunchSteps} and {@link AuthInfo}.
 *
 * @param patientToPick the demo patient's id to pick, or null to pick the first one offered
 * @param aud           the {@code aud} to send, or null for the FHIR base (the only valid value)
 */
record LaunchPlan(Tester.User user, String patientToPick, Tester.Consent consent, boolean post, String aud) {

    LaunchPlan {
        Objects.requireNonNull(user);
        Objects.requireNonNull(consent);
    }

    /** {@code user} signs in, picks the first patient offered, approves what is proposed; GET with the right aud. */
    static LaunchPlan as(Tester.User user) {
        return new LaunchPlan(user, null, Tester.Consent.asProposed(), false, null);
    }

    LaunchPlan pickingPatient(String patientId) {
        return new LaunchPlan(user, patientId, consent, post, aud);
    }

    LaunchPlan consenting(Tester.Consent choice) {
        return new LaunchPlan(user, patientToPick, choice, post, aud);
    }

    /** The authorization request is sent as a form POST (SMART's authorize-post capability). */
    LaunchPlan byPost() {
        return new LaunchPlan(user, patientToPick, consent, true, aud);
    }

    LaunchPlan withAud(String value) {
        return new LaunchPlan(user, patientToPick, consent, post, value);
    }
}
