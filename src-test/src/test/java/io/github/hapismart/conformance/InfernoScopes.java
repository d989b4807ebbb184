package io.github.hapismart.conformance;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The scopes Inferno's client requests in each group, as the kits' defaults set them, written once: the g(10) lists
 * are one scope per US Core type, in the kit's order, and the granular requests are made from the categories the
 * group then expects.
 */
final class InfernoScopes {

    /** The resource types the g(10) kit requests, in its order. */
    static final List<String> US_CORE_TYPES = List.of("Medication", "AllergyIntolerance", "CarePlan", "CareTeam",
            "Condition", "Device", "DiagnosticReport", "DocumentReference", "Encounter", "Goal", "Immunization",
            "Location", "MedicationRequest", "Observation", "Organization", "Patient", "Practitioner", "Procedure",
            "Provenance", "PractitionerRole", "ServiceRequest", "Coverage", "MedicationDispense", "Specimen");

    private static final String STANDALONE_BASE = "launch/patient openid fhirUser offline_access";
    private static final String EHR_BASE = "launch openid fhirUser offline_access";

    /** g(10) standalone patient apps: every US Core type, v2 {@code .rs}. */
    static final String G10_PATIENT_V2 = STANDALONE_BASE + each("patient", ".rs");
    /** The same in SMART v1 {@code .read} (the v1, invalid aud, invalid PKCE and invalid token request groups). */
    static final String G10_PATIENT_V1 = STANDALONE_BASE + each("patient", ".read");
    /** g(10) EHR practitioner app: every US Core type at user level. */
    static final String G10_EHR_PRACTITIONER = EHR_BASE + each("user", ".rs");
    /** g(10) EHR launch with patient scopes. */
    static final String G10_EHR_PATIENT = EHR_BASE + " patient/Patient.rs";
    /** g(10) granular scope selection: resource-level scopes that the patient then narrows on the consent page. */
    static final String G10_GRANULAR_SELECTION = STANDALONE_BASE
            + " patient/Condition.rs patient/Observation.rs patient/Patient.rs";
    /** The SMART kit's EHR launch. */
    static final String SMART_EHR = EHR_BASE + " patient/*.rs";
    /** The SMART kit's standalone launch (also the introspection group's). */
    static final String SMART_STANDALONE = STANDALONE_BASE + " patient/*.rs";

    private InfernoScopes() {
    }

    /** g(10) granular scopes: Patient, and Condition and Observation narrowed to these categories, in this order. */
    static String granular(List<String> conditionCategories, List<String> observationCategories) {
        return STANDALONE_BASE + " patient/Patient.rs" + Stream.concat(
                conditionCategories.stream().map(category -> " patient/Condition.rs?category=" + category),
                observationCategories.stream().map(category -> " patient/Observation.rs?category=" + category))
                .collect(Collectors.joining());
    }

    private static String each(String context, String suffix) {
        return US_CORE_TYPES.stream().map(type -> " " + context + "/" + type + suffix).collect(Collectors.joining());
    }
}
