package io.github.hapismart.appstate;

import com.nimbusds.jose.util.JSONObjectUtils;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What an App State {@code Basic} may hold, as the IG's "Create" section says: at most the size limit; exactly one
 * {@code code.coding} with a system and a code; an optional {@code subject.reference}, absolute, to a Patient,
 * Practitioner, PractitionerRole, RelatedPerson or Person of this FHIR base; {@code extension}s with a {@code url}
 * and a {@code valueString} only; nothing else. And the form it is stored and answered in.
 */
final class AppStateResource {

    /** The parts of a state that access control and storage need. */
    record Key(String codeSystem, String code, Optional<String> subject) {
    }

    private static final Set<String> SUBJECT_TYPES = Set.of("Patient", "Practitioner", "PractitionerRole",
            "RelatedPerson", "Person");
    private static final Set<String> ELEMENTS = Set.of("resourceType", "id", "meta", "code", "subject", "extension");

    private final String fhirBase;
    private final int maxBytes;

    AppStateResource(String fhirBase, int maxBytes) {
        this.fhirBase = fhirBase;
        this.maxBytes = maxBytes;
    }

    /** The request body as a checked App State Basic; refuses (400, 413) anything else. */
    Map<String, Object> read(HttpServletRequest request) throws IOException {
        int limit = maxBytes;
        // The container owns the stream: it stays open so that a refusal can still ask whether it was read to the end.
        InputStream in = request.getInputStream();
        byte[] bytes = in.readNBytes(limit + 1);
        if (bytes.length > limit) {
            throw new AppStateRefusal(413, "too-costly", "App State resources are limited to " + limit + " bytes");
        }
        Map<String, Object> resource;
        try {
            resource = JSONObjectUtils.parse(new String(bytes, StandardCharsets.UTF_8));
        } catch (ParseException e) {
            throw new AppStateRefusal(400, "structure", "The body is not a JSON object");
        }
        if (!"Basic".equals(resource.get("resourceType"))) {
            throw new AppStateRefusal(400, "invalid", "The body must be a Basic resource");
        }
        for (String element : resource.keySet()) {
            if (!ELEMENTS.contains(element)) {
                throw new AppStateRefusal(400, "invalid", "App State Basic resources carry code, subject and extension only, "
                        + "not " + element);
            }
        }
        if (resource.get("extension") != null) {
            if (!(resource.get("extension") instanceof List<?> extensions)) {
                throw new AppStateRefusal(400, "invalid", "Basic.extension must be an array");
            }
            for (Object extension : extensions) {
                if (!(extension instanceof Map<?, ?> ext) || !(ext.get("url") instanceof String)
                        || !(ext.get("valueString") instanceof String) || ext.size() != 2) {
                    throw new AppStateRefusal(400, "invalid", "App State extensions have a url and a valueString only");
                }
            }
        }
        return resource;
    }

    /** The code and subject of a resource; refuses (400) a resource without exactly one coding or with a bad subject. */
    Key keyOf(Map<String, Object> resource) {
        List<?> codings = resource.get("code") instanceof Map<?, ?> code && code.get("coding") instanceof List<?> c
                ? c : List.of();
        if (codings.size() != 1 || !(codings.get(0) instanceof Map<?, ?> coding)
                || !(coding.get("system") instanceof String system) || !(coding.get("code") instanceof String value)
                || system.isBlank() || value.isBlank() || system.length() > 1024 || value.length() > 256) {
            throw new AppStateRefusal(400, "invalid", "Basic.code.coding must hold exactly one coding with a system and a "
                    + "code");
        }
        Optional<String> subject = Optional.empty();
        if (resource.get("subject") != null) {
            Object reference = resource.get("subject") instanceof Map<?, ?> s ? s.get("reference") : null;
            String prefix = fhirBase + "/";
            if (!(reference instanceof String ref) || !ref.startsWith(prefix)
                    || !SUBJECT_TYPES.contains(ref.substring(prefix.length()).split("/")[0])
                    || !ref.substring(prefix.length()).matches("[A-Za-z]+/[A-Za-z0-9\\-.]{1,64}")) {
                throw new AppStateRefusal(400, "invalid", "Basic.subject.reference must be an absolute reference to a "
                        + "Patient, Practitioner, PractitionerRole, RelatedPerson or Person of " + prefix);
            }
            subject = Optional.of(ref);
        }
        return new Key(system, value, subject);
    }

    /** The resource as persisted: the submitted elements with the server's id and version. */
    static String stored(Map<String, Object> resource, String id, long version) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("resourceType", "Basic");
        json.put("id", id);
        json.put("meta", Map.of("versionId", Long.toString(version)));
        json.put("code", resource.get("code"));
        if (resource.get("subject") != null) {
            json.put("subject", resource.get("subject"));
        }
        if (resource.get("extension") != null) {
            json.put("extension", resource.get("extension"));
        }
        return JSONObjectUtils.toJSONString(json);
    }

    static Map<String, Object> parse(String json) {
        try {
            return JSONObjectUtils.parse(json);
        } catch (ParseException e) {
            throw new IllegalStateException("Stored App State is not JSON", e);
        }
    }
}
