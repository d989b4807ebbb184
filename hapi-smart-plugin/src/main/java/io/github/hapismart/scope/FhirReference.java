package io.github.hapismart.scope;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A relative FHIR reference {@code <type>/<id>}, such as a launch's patient or a user's {@code fhirUser}, parsed once
 * at the edge. Guarantees a resource-type-shaped {@code type} and an id of FHIR's id grammar
 * ({@code [A-Za-z0-9\-.]{1,64}}), so neither part can carry a slash, a query or a version.
 */
public record FhirReference(String type, String id) {

    private static final Pattern TYPE = Pattern.compile("[A-Z][A-Za-z]{1,63}");
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9\\-.]{1,64}");
    private static final Pattern REFERENCE = Pattern.compile("(" + TYPE + ")/(" + ID + ")");

    public FhirReference {
        Objects.requireNonNull(type);
        Objects.requireNonNull(id);
        if (!TYPE.matcher(type).matches()) {
            throw new IllegalArgumentException("Not a FHIR resource type: " + type);
        }
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("Not a FHIR id: " + id);
        }
    }

    /** A reference to the patient with this id. */
    public static FhirReference patient(String id) {
        return new FhirReference("Patient", id);
    }

    /** The reference {@code <type>/<id>}; throws {@link IllegalArgumentException} for anything else. */
    public static FhirReference parse(String reference) {
        return tryParse(reference).orElseThrow(() -> new IllegalArgumentException(
                "Not a relative FHIR reference <type>/<id>: " + reference));
    }

    /** The reference {@code <type>/<id>}, or empty when {@code reference} is anything else. */
    public static Optional<FhirReference> tryParse(String reference) {
        Matcher m = REFERENCE.matcher(reference == null ? "" : reference);
        return m.matches() ? Optional.of(new FhirReference(m.group(1), m.group(2))) : Optional.empty();
    }

    /**
     * A reference to a {@code type} given either as {@code <type>/<id>} or as the bare id, as the launch API accepts
     * them; throws {@link IllegalArgumentException} for a reference to another type or a malformed id.
     */
    public static FhirReference ofType(String type, String referenceOrId) {
        String prefix = type + "/";
        String id = referenceOrId.startsWith(prefix) ? referenceOrId.substring(prefix.length()) : referenceOrId;
        return new FhirReference(type, id);
    }

    /** Whether this references a resource of {@code resourceType}. */
    public boolean isA(String resourceType) {
        return type.equals(resourceType);
    }

    @Override
    public String toString() {
        return type + "/" + id;
    }
}
