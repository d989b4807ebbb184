package io.github.hapismart.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 5, bulk export authorization: a job is bound to the client (and launch patient) that started it, so status
 * polling and file download with another client's or patient's token are refused; a patient token exports only its
 * own compartment; a system token exports only its types.
 */
@ExtendWith(SharedServer.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BulkExportAuthorizationTest {

    private TwoPatients p;

    @BeforeAll
    void setUp(SampleServerFixture server) {
        p = new TwoPatients(server);
    }

    private String system(String client, String scopes) {
        return p.mint(client, scopes, Optional.empty(), Optional.empty());
    }

    private Http.Response kickOff(String relative, String token) {
        return p.http.get(p.server.fhirBase() + "/" + relative, "Authorization", "Bearer " + token,
                "Accept", "application/fhir+json", "Prefer", "respond-async");
    }

    private Http.Response poll(String statusUrl, String token) {
        return p.http.get(statusUrl, "Authorization", "Bearer " + token, "Accept", "application/json");
    }

    /** Polls the status URL until the export is no longer in progress (202); it must then be complete (200). */
    private JsonNode awaitManifest(String statusUrl, String token) {
        Http.Response done = Awaitility.await("bulk export " + statusUrl).atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> poll(statusUrl, token), response -> response.status() != 202);
        assertEquals(200, done.status(), done.body());
        return done.json();
    }

    private Http.Response download(String url, String token) {
        return p.http.get(url, "Authorization", "Bearer " + token, "Accept", "application/fhir+ndjson");
    }

    private List<String> outputUrls(JsonNode manifest) {
        List<String> urls = new ArrayList<>();
        manifest.path("output").forEach(o -> urls.add(o.path("url").asText()));
        return urls;
    }

    @Test
    void exportStatusAndFilesAreRefusedToAnotherClient() throws Exception {
        String owner = system("bulk-owner", "system/Patient.rs system/Observation.rs");
        String other = system("bulk-other", "system/*.rs");
        Http.Response kickoff = kickOff("$export?_type=Patient,Observation", owner);
        assertEquals(202, kickoff.status(), kickoff.body());
        String status = kickoff.header("Content-Location");
        assertEquals(403, poll(status, other).status());
        JsonNode manifest = awaitManifest(status, owner);
        List<String> urls = outputUrls(manifest);
        assertFalse(urls.isEmpty(), manifest.toString());
        assertEquals(403, poll(status, other).status());
        String patientToken = p.patientToken("patient/*.rs");
        for (String url : urls) {
            assertEquals(200, download(url, owner).status(), url);
            Http.Response stolen = download(url, other);
            assertEquals(403, stolen.status(), stolen.body());
            p.assertNoneOfB(stolen);
            assertEquals(403, download(url, patientToken).status(), url);
        }
        Http.Response cancel = p.http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(status))
                .header("Authorization", "Bearer " + other).DELETE().build());
        assertEquals(403, cancel.status(), cancel.body());
    }

    @Test
    void binarySearchDoesNotListExportFiles() {
        String token = system("bulk-other", "system/Patient.rs");
        Http.Response search = p.get("Binary", token);
        assertEquals(403, search.status(), search.body());
    }

    @Test
    void systemTokenCannotExportTypesOutsideItsScopes() throws Exception {
        String token = system("bulk-narrow", "system/Patient.rs");
        Http.Response kickoff = kickOff("$export?_type=Observation", token);
        assertEquals(403, kickoff.status(), kickoff.body());
        Http.Response all = kickOff("$export", token);
        if (all.status() == 202) {
            JsonNode manifest = awaitManifest(all.header("Content-Location"), token);
            manifest.path("output").forEach(o -> assertEquals("Patient", o.path("type").asText(), manifest.toString()));
        } else {
            assertEquals(403, all.status(), all.body());
        }
    }

    @Test
    void patientTokenExportsOnlyItsOwnCompartment() throws Exception {
        String token = p.patientToken("patient/*.rs");
        Http.Response kickoff = kickOff("Patient/" + p.a + "/$export?_type=Patient,Observation,Condition", token);
        assertEquals(202, kickoff.status(), kickoff.body());
        String status = kickoff.header("Content-Location");
        JsonNode manifest = awaitManifest(status, token);
        assertFalse(outputUrls(manifest).isEmpty(), manifest.toString());
        String sameClientOtherPatient = p.mint("leak-test-app", "patient/*.rs", Optional.of(p.b), Optional.empty());
        assertEquals(403, poll(status, sameClientOtherPatient).status());
        for (String url : outputUrls(manifest)) {
            Http.Response file = download(url, token);
            assertEquals(200, file.status(), file.body());
            p.assertNoneOfB(file);
            assertEquals(403, download(url, sameClientOtherPatient).status());
        }
    }

    private String demoGroupId() {
        Http.Response found = p.get("Group?identifier=" + TwoPatients.enc("urn:hapismart:demo:group|all-demo-patients"),
                p.systemToken);
        assertEquals(200, found.status(), found.body());
        assertEquals(1, found.json().path("entry").size(), found.body());
        return found.json().path("entry").get(0).path("resource").path("id").asText();
    }

    @Test
    void aGroupListingOtherPatientsIsHiddenFromPatientTokensEvenThoughItIsInTheirCompartment() {
        String group = demoGroupId();
        for (String scopes : List.of("patient/*.rs", "patient/Group.rs patient/Patient.rs", "patient/*.read")) {
            String token = p.patientToken(scopes);
            p.assertStatusWithoutB(403, p.get("Group/" + group, token));
            p.assertStatusWithoutB(403, p.get("Group?member=Patient/" + p.a, token));
            p.assertStatusWithoutB(403, p.get("Group/" + group + "/_history", token));
            Http.Response revinclude = p.get("Patient?_id=" + p.a + "&_revinclude=Group:member", token);
            p.assertStatusWithoutB(200, revinclude);
            assertEquals(java.util.Set.of("Patient/" + p.a), TwoPatients.refs(revinclude), revinclude.body());
        }
        Http.Response everything = p.get("Patient/" + p.a + "/$everything?_count=500", p.patientToken("patient/*.rs"));
        p.assertStatusWithoutB(200, everything);
        assertFalse(TwoPatients.refs(everything).contains("Group/" + group), everything.body());
        // A system token sees the Group and its members.
        Http.Response system = p.get("Group/" + group, p.systemToken);
        assertEquals(200, system.status(), system.body());
        assertTrue(system.body().contains("Patient/" + p.b), system.body());
    }

    @Test
    void patientTokenCannotExportAnotherPatientTheGroupOrTheSystem() throws Exception {
        String token = p.patientToken("patient/*.rs");
        p.assertStatusWithoutB(403, kickOff("Patient/" + p.b + "/$export", token));
        p.assertStatusWithoutB(403, kickOff("$export", token));
        p.assertStatusWithoutB(403, kickOff("Group/" + demoGroupId() + "/$export", token));
        p.assertStatusWithoutB(403, kickOff("Group/" + demoGroupId() + "/$export?_type=Patient", token));
        Http.Response typeLevel = kickOff("Patient/$export", token);
        p.assertNoneOfB(typeLevel);
        // Refused, not narrowed: Patient/$export without a patient parameter exports every patient, and the patient
        // bulk export rule (patientExportOnPatient of the launch patient) allows only Patient/<own id>/$export.
        assertEquals(403, typeLevel.status(), typeLevel.body());
    }
}
