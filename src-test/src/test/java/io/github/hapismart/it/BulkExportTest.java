package io.github.hapismart.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/** Bulk Data export with a backend-services token: kick-off, status polling and download all need the token. */
@ExtendWith(SharedServer.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BulkExportTest {

    private static final String SCOPE = "system/Patient.rs system/Observation.rs system/Group.rs";
    private final Http http = new Http();
    private SampleServerFixture server;
    private BackendClient client;

    @BeforeAll
    void startServer(SampleServerFixture server) {
        this.server = server;
        this.client = BackendClient.es384().registerWithJwks(http, server, SCOPE);
    }

    private String token(String scope) {
        String endpoint = server.rootUrl() + "/auth/token";
        Http.Response response = http.postForm(endpoint, BackendClient.tokenForm(client.assertion(endpoint), scope));
        assertEquals(200, response.status(), response.body());
        return response.json().path("access_token").asText();
    }

    @Test
    void systemExportKicksOffPollsAndDownloadsWithTheSameToken() throws Exception {
        String token = token(SCOPE);
        Http.Response kickoff = http.get(server.fhirBase() + "/$export?_type=Patient,Observation",
                "Authorization", "Bearer " + token, "Accept", "application/fhir+json", "Prefer", "respond-async");
        assertEquals(202, kickoff.status(), kickoff.body());
        String status = kickoff.header("Content-Location");
        JsonNode manifest = poll(status, token);
        assertTrue(manifest.path("output").size() >= 2, manifest.toString());
        for (JsonNode output : manifest.path("output")) {
            Http.Response file = http.get(output.path("url").asText(), "Authorization", "Bearer " + token,
                    "Accept", "application/fhir+ndjson");
            assertEquals(200, file.status(), file.body());
            assertFalse(file.body().isBlank());
            Http.Response anonymous = http.get(output.path("url").asText(), "Accept", "application/fhir+ndjson");
            assertEquals(401, anonymous.status());
        }
        assertEquals(401, http.get(status, "Accept", "application/json").status());
    }

    @Test
    void groupExportReturnsTheMembersDataAndOnlyTheOwnerMayPollIt() throws Exception {
        String token = token(SCOPE);
        Http.Response groups = http.get(server.fhirBase() + "/Group?identifier=urn:hapismart:demo:group%7Call-demo-patients",
                "Authorization", "Bearer " + token, "Accept", "application/fhir+json");
        assertEquals(200, groups.status(), groups.body());
        JsonNode group = groups.json().path("entry").get(0).path("resource");
        Set<String> members = new HashSet<>();
        group.path("member").forEach(m -> members.add(m.path("entity").path("reference").asText()));
        assertEquals(6, members.size(), group.toString());

        Http.Response kickoff = http.get(server.fhirBase() + "/Group/" + group.path("id").asText()
                        + "/$export?_type=Patient,Observation", "Authorization", "Bearer " + token,
                "Accept", "application/fhir+json", "Prefer", "respond-async");
        assertEquals(202, kickoff.status(), kickoff.body());
        String status = kickoff.header("Content-Location");
        BackendClient other = BackendClient.es384().registerWithJwks(http, server, SCOPE);
        String endpoint = server.rootUrl() + "/auth/token";
        Http.Response otherToken = http.postForm(endpoint, BackendClient.tokenForm(other.assertion(endpoint), SCOPE));
        assertEquals(200, otherToken.status(), otherToken.body());
        String foreign = otherToken.json().path("access_token").asText();
        assertEquals(403, http.get(status, "Authorization", "Bearer " + foreign, "Accept", "application/json").status());

        JsonNode manifest = poll(status, token);
        Set<String> exportedPatients = new HashSet<>();
        Set<String> observationSubjects = new HashSet<>();
        for (JsonNode output : manifest.path("output")) {
            Http.Response file = http.get(output.path("url").asText(), "Authorization", "Bearer " + token,
                    "Accept", "application/fhir+ndjson");
            assertEquals(200, file.status(), file.body());
            assertEquals(403, http.get(output.path("url").asText(), "Authorization", "Bearer " + foreign,
                    "Accept", "application/fhir+ndjson").status());
            for (String line : file.body().split("\n")) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode resource = new com.fasterxml.jackson.databind.ObjectMapper().readTree(line);
                switch (resource.path("resourceType").asText()) {
                    case "Patient" -> exportedPatients.add("Patient/" + resource.path("id").asText());
                    case "Observation" -> observationSubjects.add(resource.path("subject").path("reference").asText());
                    default -> throw new AssertionError("unexpected type in " + line);
                }
            }
        }
        assertEquals(members, exportedPatients, manifest.toString());
        assertFalse(observationSubjects.isEmpty(), manifest.toString());
        assertTrue(members.containsAll(observationSubjects), observationSubjects.toString());
    }

    /** Polls the status URL until the export is no longer in progress (202); it must then be complete (200). */
    private JsonNode poll(String statusUrl, String token) {
        Http.Response done = Awaitility.await("bulk export " + statusUrl).atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> http.get(statusUrl, "Authorization", "Bearer " + token, "Accept", "application/json"),
                        response -> response.status() != 202);
        assertEquals(200, done.status(), done.body());
        return done.json();
    }
}
