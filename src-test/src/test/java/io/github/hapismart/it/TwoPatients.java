package io.github.hapismart.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The leak-test harness: demo patients A ({@code demo-1}) and B ({@code demo-2}) with every id of B's compartment
 * collected up front through a system token, tokens from the server's {@link TestTokens} (minted in-process as the
 * plugin would issue them, or issued by the external server in resource-server mode), and
 * {@link #assertNoneOfB} which fails when any of B's ids appears anywhere in a response body.
 */
final class TwoPatients {

    static final String MRN = "urn:oid:hapismart.demo.mrn";
    static final String LAB = "http://terminology.hl7.org/CodeSystem/observation-category|laboratory";
    static final String VITALS = "http://terminology.hl7.org/CodeSystem/observation-category|vital-signs";
    static final List<String> COMPARTMENT_TYPES = List.of("Encounter", "Observation", "Condition",
            "MedicationRequest", "AllergyIntolerance", "Immunization", "Procedure", "DocumentReference");

    final SampleServerFixture server;
    final Http http = new Http();
    final String systemToken;
    final String a;
    final String b;
    final String bFamily;
    /** B's resources as {@code Type/id}, the Patient first. */
    final Set<String> bRefs = new LinkedHashSet<>();
    /** A's resources as {@code Type/id}, the Patient first. */
    final Set<String> aRefs = new LinkedHashSet<>();
    private final List<Pattern> bPatterns = new ArrayList<>();

    TwoPatients(SampleServerFixture server) {
        this(server, "demo-1", "demo-2");
    }

    TwoPatients(SampleServerFixture server, String mrnA, String mrnB) {
        this.server = server;
        this.systemToken = mint("leak-test-system", "system/*.rs", Optional.empty(), Optional.empty());
        this.a = patientId(mrnA);
        JsonNode patientB = get("Patient?identifier=" + enc(MRN + "|" + mrnB), systemToken).json()
                .path("entry").get(0).path("resource");
        this.b = patientB.path("id").asText();
        this.bFamily = patientB.path("name").get(0).path("family").asText();
        collect(a, aRefs);
        collect(b, bRefs);
        for (String ref : bRefs) {
            String id = ref.substring(ref.indexOf('/') + 1);
            bPatterns.add(Pattern.compile(Pattern.quote(ref) + "(?![0-9A-Za-z.\\-])"));
            bPatterns.add(Pattern.compile("\"id\"\\s*:\\s*\"" + Pattern.quote(id) + "\""));
        }
    }

    String patientId(String mrn) {
        Http.Response found = get("Patient?identifier=" + enc(MRN + "|" + mrn), systemToken);
        assertEquals(200, found.status(), found.body());
        return found.json().path("entry").get(0).path("resource").path("id").asText();
    }

    private void collect(String patient, Set<String> into) {
        into.add("Patient/" + patient);
        for (String type : COMPARTMENT_TYPES) {
            Http.Response found = get(type + "?patient=" + patient + "&_count=500&_elements=id", systemToken);
            assertEquals(200, found.status(), found.body());
            found.json().path("entry").forEach(e -> into.add(type + "/" + e.path("resource").path("id").asText()));
        }
    }

    /** The first of B's (or A's) resources of {@code type}, as a relative reference. */
    String first(Set<String> refs, String type) {
        return refs.stream().filter(r -> r.startsWith(type + "/")).findFirst().orElseThrow();
    }

    /** A token from the server's token source: the plugin's own, or the external server's in resource-server mode. */
    String mint(String clientId, String scopes, Optional<String> patient, Optional<String> fhirUser) {
        return server.tokens().mint(clientId, scopes, patient, fhirUser);
    }

    /** A token for patient A with {@code scopes}, fhirUser {@code Patient/A}. */
    String patientToken(String scopes) {
        return mint("leak-test-app", scopes, Optional.of(a), Optional.of("Patient/" + a));
    }

    Http.Response get(String relative, String token) {
        return http.get(server.fhirBase() + "/" + relative, "Authorization", "Bearer " + token,
                "Accept", "application/fhir+json");
    }

    Http.Response send(String method, String relative, String token, String contentType, String body,
                       String... extraHeaders) {
        var builder = java.net.http.HttpRequest.newBuilder(java.net.URI.create(server.fhirBase() + "/" + relative))
                .header("Authorization", "Bearer " + token).header("Accept", "application/fhir+json")
                .method(method, body == null ? java.net.http.HttpRequest.BodyPublishers.noBody()
                        : java.net.http.HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            builder.header("Content-Type", contentType);
        }
        for (int i = 0; i + 1 < extraHeaders.length; i += 2) {
            builder.header(extraHeaders[i], extraHeaders[i + 1]);
        }
        return http.send(builder.build());
    }

    /** Fails if any of B's resource ids appears anywhere in {@code response}'s body. */
    void assertNoneOfB(Http.Response response) {
        for (Pattern pattern : bPatterns) {
            assertFalse(pattern.matcher(response.body()).find(),
                    () -> "B's data (" + pattern + ") leaked: " + abbreviate(response.body()));
        }
    }

    /** Asserts the exact status and that nothing of B is in the body. */
    void assertStatusWithoutB(int status, Http.Response response) {
        assertEquals(status, response.status(), () -> abbreviate(response.body()));
        assertNoneOfB(response);
    }

    /** The {@code Type/id} references of the resources in a search Bundle. */
    static Set<String> refs(Http.Response bundle) {
        Set<String> refs = new LinkedHashSet<>();
        bundle.json().path("entry").forEach(e -> refs.add(
                e.path("resource").path("resourceType").asText() + "/" + e.path("resource").path("id").asText()));
        return refs;
    }

    static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    static String abbreviate(String body) {
        return body.length() > 1500 ? body.substring(0, 1500) + "..." : body;
    }

    /**
     * The id of an AuditEvent about patient A, once the audit trail holds one (A's token is refused B's Patient,
     * which is recorded with A as the patient); read with an auditor's {@code system/AuditEvent.rs} token.
     */
    String auditEventAboutA() throws InterruptedException {
        String auditor = mint("leak-test-auditor", "system/AuditEvent.rs", Optional.empty(), Optional.empty());
        get("Patient/" + b, patientToken("patient/*.rs"));
        java.time.Instant deadline = java.time.Instant.now().plusSeconds(30);
        while (java.time.Instant.now().isBefore(deadline)) {
            Http.Response found = get("AuditEvent?patient=" + a + "&_count=1", auditor);
            assertEquals(200, found.status(), found.body());
            if (found.json().path("entry").size() > 0) {
                return found.json().path("entry").get(0).path("resource").path("id").asText();
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no AuditEvent about A within 30 s");
    }

    /** Every path to the audit trail refuses {@code token} (403) or leaves the AuditEvents out of the answer. */
    void assertAuditTrailUnreachable(String token, String auditEventId) {
        for (String path : List.of("AuditEvent", "AuditEvent?patient=" + a, "AuditEvent/" + auditEventId,
                "AuditEvent/" + auditEventId + "/_history", "AuditEvent/_history")) {
            Http.Response response = get(path, token);
            assertEquals(403, response.status(), path + ": " + abbreviate(response.body()));
            assertFalse(mentions(response.body(), "AuditEvent", auditEventId), path);
        }
        for (String path : List.of("Patient/" + a + "/$everything?_count=500",
                "Patient?_id=" + a + "&_revinclude=AuditEvent:patient", "Patient?_id=" + a + "&_revinclude=*",
                "Patient?_id=" + a + "&_revinclude=AuditEvent:entity", "_history?_count=500",
                "?_type=AuditEvent,Patient&_count=500", "Patient/" + a + "/_history")) {
            Http.Response response = get(path, token);
            assertFalse(response.body().contains("\"AuditEvent\""), path + ": " + abbreviate(response.body()));
            assertFalse(mentions(response.body(), "AuditEvent", auditEventId), path);
        }
        Http.Response graphql = get("$graphql?query=" + enc("{AuditEventList{id}}"), token);
        assertFalse(graphql.status() == 200, graphql.body());
        assertFalse(mentions(graphql.body(), "AuditEvent", auditEventId));
        Http.Response export = send("GET", "Patient/" + a + "/$export?_type=AuditEvent", token, null, null,
                "Prefer", "respond-async");
        assertFalse(export.status() == 202, export.body());
    }

    /**
     * Whether {@code body} holds the resource {@code type/id}: as a resource ({@code "id":"<id>"}; HAPI JPA's ids are
     * unique across types) or in a reference or URL ({@code <type>/<id>}). A bare number is not enough: the id may
     * also be a quantity's value or part of the server's port in every {@code fullUrl}.
     */
    static boolean mentions(String body, String type, String id) {
        String quoted = java.util.regex.Pattern.quote(id);
        return java.util.regex.Pattern.compile("\"id\"\\s*:\\s*\"" + quoted + "\"|"
                + java.util.regex.Pattern.quote(type + "/") + quoted + "(?![0-9A-Za-z.\\-])").matcher(body).find();
    }
}
