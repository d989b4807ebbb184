package io.github.hapismart.launch;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The context an app is launched in, as the token response reports it (SMART App Launch 2.2, "Launch context
 * arrives with your access_token"). Every field is optional; an empty context is a standalone launch without
 * patient.
 *
 * @param patient           the patient's logical id (no {@code Patient/} prefix)
 * @param encounter         the encounter's logical id
 * @param fhirUser          the user's FHIR resource as a relative reference, as the EHR asserted it
 * @param fhirContext       further resources in context, in any of the forms 2.2 defines ({@link FhirContextItem})
 * @param intent            the launch intent, e.g. {@code reconcile-allergies}
 * @param needPatientBanner whether the app must show a patient banner
 * @param smartStyleUrl     the EHR's style sheet for the app
 */
public record LaunchContext(
        Optional<String> patient,
        Optional<String> encounter,
        Optional<String> fhirUser,
        List<FhirContextItem> fhirContext,
        Optional<String> intent,
        Optional<Boolean> needPatientBanner,
        Optional<String> smartStyleUrl) {

    private static final String ID = "[A-Za-z0-9\\-.]{1,64}";
    /** The most JSON a launch's fhirContext may take. */
    public static final int MAX_FHIR_CONTEXT_CHARS = 4096;
    private static final String REFERENCE = "[A-Z][A-Za-z]{1,63}/" + ID;

    public LaunchContext {
        Objects.requireNonNull(patient);
        Objects.requireNonNull(encounter);
        Objects.requireNonNull(fhirUser);
        fhirContext = List.copyOf(fhirContext);
        Objects.requireNonNull(intent);
        Objects.requireNonNull(needPatientBanner);
        Objects.requireNonNull(smartStyleUrl);
        patient.ifPresent(p -> require(p.matches(ID), "patient must be a logical id"));
        encounter.ifPresent(e -> require(e.matches(ID), "encounter must be a logical id"));
        fhirUser.ifPresent(u -> require(u.matches(REFERENCE), "fhirUser must be a relative reference"));
        require(fhirContext.size() <= 32, "fhirContext has more than 32 items");
        // The access token carries the launch context (so that introspection can report it), and tokens are at most
        // 16 KiB: keep the context well below that.
        require(com.nimbusds.jose.util.JSONArrayUtils.toJSONString(new ArrayList<>(fhirContext.stream()
                .map(FhirContextItem::toJson).toList())).length() <= MAX_FHIR_CONTEXT_CHARS,
                "fhirContext is longer than " + MAX_FHIR_CONTEXT_CHARS + " characters of JSON");
        intent.ifPresent(i -> require(i.length() <= 256, "intent is too long"));
        smartStyleUrl.ifPresent(u -> require(u.length() <= 2048, "smart_style_url is too long"));
        smartStyleUrl.ifPresent(u -> require(u.startsWith("https://") || u.startsWith("http://"),
                "smart_style_url must be an http(s) URL"));
    }

    /** The context of a launch without any context. */
    public static LaunchContext none() {
        return new LaunchContext(Optional.empty(), Optional.empty(), Optional.empty(), List.of(), Optional.empty(),
                Optional.empty(), Optional.empty());
    }

    /** A copy with {@code patientId} as the patient (chosen in the patient picker, or the patient user). */
    public LaunchContext withPatient(String patientId) {
        return new LaunchContext(Optional.of(patientId), encounter, fhirUser, fhirContext, intent, needPatientBanner,
                smartStyleUrl);
    }

    /** The launch-context fields of a token response ({@code patient}, {@code fhirContext}, ...). */
    public Map<String, Object> tokenResponseFields() {
        Map<String, Object> fields = new LinkedHashMap<>();
        patient.ifPresent(p -> fields.put("patient", p));
        encounter.ifPresent(e -> fields.put("encounter", e));
        if (!fhirContext.isEmpty()) {
            fields.put("fhirContext", fhirContextJson());
        }
        needPatientBanner.ifPresent(b -> fields.put("need_patient_banner", b));
        smartStyleUrl.ifPresent(u -> fields.put("smart_style_url", u));
        intent.ifPresent(i -> fields.put("intent", i));
        return fields;
    }

    /** This context as a JSON object for storage. */
    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        patient.ifPresent(p -> json.put("patient", p));
        encounter.ifPresent(e -> json.put("encounter", e));
        fhirUser.ifPresent(u -> json.put("fhirUser", u));
        json.put("fhirContext", fhirContextJson());
        intent.ifPresent(i -> json.put("intent", i));
        needPatientBanner.ifPresent(b -> json.put("need_patient_banner", b));
        smartStyleUrl.ifPresent(u -> json.put("smart_style_url", u));
        return json;
    }

    private List<Object> fhirContextJson() {
        List<Object> items = new ArrayList<>();
        fhirContext.forEach(item -> items.add(item.toJson()));
        return items;
    }

    /** Reads what {@link #toJson()} wrote (also the earlier form, where fhirContext items were plain references). */
    public static LaunchContext fromJson(Map<String, Object> json) {
        List<FhirContextItem> items = new ArrayList<>();
        if (json.get("fhirContext") instanceof List<?> list) {
            list.forEach(item -> items.add(FhirContextItem.fromJson(item)));
        }
        return new LaunchContext(string(json, "patient"), string(json, "encounter"), string(json, "fhirUser"),
                items, string(json, "intent"),
                Optional.ofNullable(json.get("need_patient_banner")).map(b -> Boolean.valueOf(b.toString())),
                string(json, "smart_style_url"));
    }

    private static Optional<String> string(Map<String, Object> json, String name) {
        return Optional.ofNullable(json.get(name)).map(Object::toString);
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
