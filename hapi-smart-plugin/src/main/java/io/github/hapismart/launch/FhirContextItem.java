package io.github.hapismart.launch;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One item of a launch's {@code fhirContext} (SMART App Launch 2.2, "fhirContext"): a resource the app is launched
 * in the context of, named by a relative {@code reference}, a {@code canonical} URL or an {@code identifier}, with an
 * optional resource {@code type} and {@code role}. The constructor enforces the IG's rules, so an item that exists is
 * one the token response may carry: at least one of reference, canonical and identifier; a reference relative
 * ({@code Type/id}, optionally {@code /_history/vid}); a canonical an absolute http(s) URL, optionally with
 * {@code |version}; an identifier a JSON object with a string {@code system} and/or {@code value}; a type shaped as a
 * resource type and, beside a reference, the reference's type; a role never empty, and an absolute URI unless it is
 * {@code launch}, the one relative role the IG defines; Patient and Encounter only with a role other than
 * {@code launch} (they have top-level parameters of their own).
 *
 * @param reference  relative reference, e.g. {@code DocumentReference/7}
 * @param canonical  canonical URL, e.g. {@code http://example.org/Questionnaire/phq9|1.0}
 * @param identifier a FHIR Identifier as JSON ({@code system}, {@code value}, ...), unmodifiable
 * @param type       the resource type, recommended with canonical or identifier
 * @param role       the item's role URI; absent means {@code launch}
 */
public record FhirContextItem(
        Optional<String> reference,
        Optional<String> canonical,
        Optional<Map<String, Object>> identifier,
        Optional<String> type,
        Optional<String> role) {

    private static final Pattern TYPE = Pattern.compile("[A-Z][A-Za-z]{1,63}");
    private static final Pattern REFERENCE = Pattern.compile(
            "([A-Z][A-Za-z]{1,63})/[A-Za-z0-9\\-.]{1,64}(/_history/[A-Za-z0-9\\-.]{1,64})?");
    private static final Pattern CANONICAL_TAIL = Pattern.compile("/[A-Z][A-Za-z]{1,63}/[A-Za-z0-9\\-.]{1,64}$");
    private static final int MAX_TEXT = 1024;

    public FhirContextItem {
        Objects.requireNonNull(reference);
        Objects.requireNonNull(canonical);
        Objects.requireNonNull(identifier);
        Objects.requireNonNull(type);
        Objects.requireNonNull(role);
        identifier = identifier.map(FhirContextItem::checkedIdentifier);
        if (reference.isEmpty() && canonical.isEmpty() && identifier.isEmpty()) {
            throw new IllegalArgumentException(
                    "each fhirContext item needs at least one of reference, canonical or identifier");
        }
        Optional<String> referencedType = reference.map(FhirContextItem::referencedType);
        canonical.ifPresent(FhirContextItem::checkCanonical);
        type.ifPresent(t -> require(TYPE.matcher(t).matches(), "fhirContext type must be a FHIR resource type: " + t));
        if (referencedType.isPresent() && type.isPresent()) {
            require(referencedType.equals(type), "fhirContext type " + type.get() + " does not match the reference "
                    + reference.get());
        }
        role.ifPresent(FhirContextItem::checkRole);
        Optional<String> itemType = referencedType.or(() -> type);
        boolean launchRole = role.map("launch"::equals).orElse(true);
        if (launchRole && itemType.filter(t -> t.equals("Patient") || t.equals("Encounter")).isPresent()) {
            throw new IllegalArgumentException("Patient and Encounter belong in the patient and encounter "
                    + "parameters; in fhirContext they need a role other than launch");
        }
    }

    /** An item with only a relative reference (the SMART 2.0 form). */
    public static FhirContextItem ofReference(String reference) {
        return new FhirContextItem(Optional.of(reference), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty());
    }

    /**
     * Reads one item from its JSON form (a string is taken as a reference, as SMART 2.0 stored it); throws
     * {@link IllegalArgumentException} with a message for the caller when it is not a valid item.
     */
    @SuppressWarnings("unchecked")
    public static FhirContextItem fromJson(Object json) {
        if (json instanceof String reference) {
            return ofReference(reference);
        }
        if (!(json instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException("each fhirContext item must be a JSON object");
        }
        for (Object key : map.keySet()) {
            require(java.util.Set.of("reference", "canonical", "identifier", "type", "role").contains(key),
                    "fhirContext items have reference, canonical, identifier, type and role only, not " + key);
        }
        Object identifier = map.get("identifier");
        require(identifier == null || identifier instanceof Map, "fhirContext identifier must be a JSON object");
        return new FhirContextItem(text(map, "reference"), text(map, "canonical"),
                Optional.ofNullable((Map<String, Object>) identifier), text(map, "type"), text(map, "role"));
    }

    /**
     * The {@code fhir_context} parameter of the launch API and the EHR simulator: a JSON array of fhirContext objects,
     * or (the SMART 2.0 form) space-separated relative references. Throws {@link IllegalArgumentException} with a
     * message naming the item ({@code fhir_context[1]: ...}) and the rule it breaks.
     */
    public static java.util.List<FhirContextItem> parseList(String value) {
        String text = value.strip();
        if (!text.startsWith("[")) {
            return java.util.Arrays.stream(text.split("\\s+")).map(FhirContextItem::ofReference).toList();
        }
        java.util.List<Object> json;
        try {
            json = com.nimbusds.jose.util.JSONArrayUtils.parse(text);
        } catch (java.text.ParseException e) {
            throw new IllegalArgumentException("fhir_context is not a JSON array: " + e.getMessage());
        }
        java.util.List<FhirContextItem> items = new java.util.ArrayList<>();
        for (int index = 0; index < json.size(); index++) {
            try {
                require(json.get(index) instanceof Map, "each fhirContext item must be a JSON object");
                items.add(fromJson(json.get(index)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("fhir_context[" + index + "]: " + e.getMessage());
            }
        }
        return items;
    }

    /** The item as the token response and introspection carry it. */
    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        reference.ifPresent(r -> json.put("reference", r));
        canonical.ifPresent(c -> json.put("canonical", c));
        identifier.ifPresent(i -> json.put("identifier", i));
        type.ifPresent(t -> json.put("type", t));
        role.ifPresent(r -> json.put("role", r));
        return json;
    }

    private static Optional<String> text(Map<?, ?> map, String name) {
        Object value = map.get(name);
        require(value == null || value instanceof String, "fhirContext " + name + " must be a string");
        return Optional.ofNullable((String) value);
    }

    private static String referencedType(String reference) {
        Matcher m = REFERENCE.matcher(reference);
        require(m.matches(), "fhirContext reference must be a relative reference Type/id: " + reference);
        return m.group(1);
    }

    /**
     * An absolute http(s) URL, optionally {@code |version}, whose path ends in {@code <Type>/<id>}: the IG asks for a
     * canonical URL, and Inferno's token response check also reads the resource type and id from its last two path
     * segments, so a canonical without them would fail a conformance run.
     */
    private static void checkCanonical(String canonical) {
        require(canonical.length() <= MAX_TEXT, "fhirContext canonical is too long");
        String url = canonical.contains("|") ? canonical.substring(0, canonical.indexOf('|')) : canonical;
        require(absoluteHttp(url), "fhirContext canonical must be an absolute http(s) URL: " + canonical);
        require(CANONICAL_TAIL.matcher(url).find(),
                "fhirContext canonical must end in <ResourceType>/<id> (e.g. .../Questionnaire/phq-9): " + canonical);
    }

    private static void checkRole(String role) {
        require(!role.isEmpty(), "fhirContext role must not be empty");
        require(role.length() <= MAX_TEXT, "fhirContext role is too long");
        require(role.equals("launch") || absoluteUri(role),
                "fhirContext role must be an absolute URI (launch is the only relative role): " + role);
    }

    private static Map<String, Object> checkedIdentifier(Map<String, Object> identifier) {
        Object system = identifier.get("system");
        Object value = identifier.get("value");
        require(system == null || system instanceof String, "fhirContext identifier.system must be a string");
        require(value == null || value instanceof String, "fhirContext identifier.value must be a string");
        require(system != null || value != null, "fhirContext identifier needs a system or a value");
        require(com.nimbusds.jose.util.JSONObjectUtils.toJSONString(identifier).length() <= MAX_TEXT,
                "fhirContext identifier is too large");
        return java.util.Collections.unmodifiableMap(new LinkedHashMap<>(identifier));
    }

    private static boolean absoluteHttp(String url) {
        try {
            URI uri = new URI(url);
            return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static boolean absoluteUri(String value) {
        try {
            return new URI(value).isAbsolute();
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
