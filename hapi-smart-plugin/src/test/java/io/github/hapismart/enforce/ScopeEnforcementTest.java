package io.github.hapismart.enforce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.test.utilities.server.RestfulServerExtension;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Scope enforcement end to end on an in-process HAPI server with in-memory data for two patients, A and B; the grant
 * comes from test headers instead of a verified token.
 */
class ScopeEnforcementTest {

    private static final FhirContext FHIR = FhirContext.forR4Cached();
    private static final String CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category";
    private static final String LAB_SCOPE = "patient/Observation.rs?category=" + CATEGORY + "|laboratory";

    private final InMemoryProvider<Observation> observations = new InMemoryProvider<>(Observation.class)
            .with(observation("a-lab", "A", "laboratory"))
            .with(observation("a-vital", "A", "vital-signs"))
            .with(observation("b-lab", "B", "laboratory"));

    @RegisterExtension
    final RestfulServerExtension server = new RestfulServerExtension(FHIR,
            new InMemoryProvider<>(Patient.class).with(patient("A")).with(patient("B")),
            observations,
            new InMemoryProvider<>(Condition.class).with(condition("a-cond", "A")).with(condition("b-cond", "B")),
            new InMemoryProvider<>(Practitioner.class).with((Practitioner) new Practitioner().setId("Practitioner/p1")))
            .registerInterceptor(new TestGrantInterceptor())
            .withServer(s -> SmartEnforcement.register(s, new CategoryFilterMatcher(), UserAccessPolicy.SERVER_WIDE));

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void patientScopedTokenReadsItsOwnObservation() {
        assertEquals(200, get("Observation/a-lab", patientA("patient/Observation.rs")).status);
    }

    @Test
    void patientScopedTokenCannotReadAnotherPatientsObservation() {
        assertEquals(403, get("Observation/b-lab", patientA("patient/Observation.rs")).status);
    }

    @Test
    void searchWithoutPatientReturnsOnlyTheLaunchPatientsObservations() {
        Response response = get("Observation", patientA("patient/Observation.rs"));
        assertEquals(200, response.status);
        assertEquals(List.of("a-lab", "a-vital"), response.ids());
    }

    @Test
    void searchForAnotherPatientsObservationsReturnsNothingOfTheirs() {
        Response response = get("Observation?patient=Patient/B", patientA("patient/Observation.rs"));
        assertTrue(response.status == 403 || response.ids().isEmpty(), response.body);
    }

    @Test
    void patientScopeReachesThePatientItself() {
        assertEquals(200, get("Patient/A", patientA("patient/Patient.r")).status);
        assertEquals(403, get("Patient/B", patientA("patient/Patient.r")).status);
        assertEquals(List.of("A"), get("Patient", patientA("patient/Patient.rs")).ids());
    }

    @Test
    void v1ReadScopeCannotWrite() {
        Response response = post("Observation", observation(null, "A", "laboratory"), patientA("patient/Observation.read"));
        assertEquals(403, response.status);
        assertEquals(3, observations.size());
    }

    @Test
    void createScopeMayCreateInTheOwnCompartmentOnly() {
        String[] grant = patientA("patient/Observation.c");
        assertEquals(201, post("Observation", observation(null, "A", "laboratory"), grant).status);
        assertEquals(403, post("Observation", observation(null, "B", "laboratory"), grant).status);
    }

    @Test
    void searchOnlyScopeCannotReadById() {
        String[] grant = patientA("patient/Observation.s");
        assertEquals(200, get("Observation", grant).status);
        assertEquals(403, get("Observation/a-lab", grant).status);
    }

    @Test
    void readOnlyScopeCannotSearch() {
        String[] grant = patientA("patient/Observation.r");
        assertEquals(200, get("Observation/a-lab", grant).status);
        assertEquals(403, get("Observation", grant).status);
    }

    @Test
    void granularLaboratoryScopeSearchReturnsOnlyLaboratoryObservations() {
        Response response = get("Observation", patientA(LAB_SCOPE));
        assertEquals(200, response.status, response.body);
        assertEquals(List.of("a-lab"), response.ids());
    }

    @Test
    void granularLaboratoryScopeCannotReadAVitalSignsObservation() {
        assertEquals(200, get("Observation/a-lab", patientA(LAB_SCOPE)).status);
        assertEquals(403, get("Observation/a-vital", patientA(LAB_SCOPE)).status);
    }

    @Test
    void scopeForOneTypeDoesNotReachAnother() {
        assertEquals(403, get("Condition/a-cond", patientA("patient/Observation.rs")).status);
    }

    @Test
    void systemScopeIsLimitedToItsTypes() {
        String[] grant = {"X-Test-Scope", "system/Observation.rs"};
        assertEquals(200, get("Observation/b-lab", grant).status);
        assertEquals(List.of("a-lab", "a-vital", "b-lab"), get("Observation", grant).ids());
        assertEquals(403, get("Condition/b-cond", grant).status);
    }

    @Test
    void userScopeForAPatientFhirUserIsCompartmentBound() {
        String[] grant = {"X-Test-Scope", "user/Observation.rs", "X-Test-FhirUser", "Patient/A"};
        assertEquals(200, get("Observation/a-lab", grant).status);
        assertEquals(403, get("Observation/b-lab", grant).status);
        assertEquals(List.of("a-lab", "a-vital"), get("Observation", grant).ids());
    }

    @Test
    void userScopeForAPractitionerIsServerWideByDefault() {
        String[] grant = {"X-Test-Scope", "user/Observation.rs", "X-Test-FhirUser", "Practitioner/p1"};
        assertEquals(200, get("Observation/b-lab", grant).status);
        assertEquals(3, get("Observation", grant).ids().size());
    }

    @Test
    void patientScopeMayReadAndSearchPractitionersButNotWriteThem() {
        String[] grant = patientA("patient/Practitioner.cruds");
        assertEquals(200, get("Practitioner/p1", grant).status);
        assertEquals(List.of("p1"), get("Practitioner", grant).ids());
        assertEquals(403, post("Practitioner", new Practitioner(), grant).status);
    }

    @Test
    void patientScopeWithoutALaunchPatientGrantsNothing() {
        assertEquals(403, get("Observation/a-lab", "X-Test-Scope", "patient/Observation.rs").status);
    }

    @Test
    void requestWithoutAGrantIsDeniedButMetadataIsServed() {
        assertEquals(403, get("Observation/a-lab").status);
        assertEquals(200, get("metadata").status);
    }

    private static String[] patientA(String scope) {
        return new String[] {"X-Test-Scope", scope, "X-Test-Patient", "A"};
    }

    private Response get(String path, String... headers) {
        return send(HttpRequest.newBuilder(URI.create(server.getBaseUrl() + "/" + path)).GET(), headers);
    }

    private Response post(String path, org.hl7.fhir.r4.model.Resource resource, String... headers) {
        String json = FHIR.newJsonParser().encodeResourceToString(resource);
        return send(HttpRequest.newBuilder(URI.create(server.getBaseUrl() + "/" + path))
                .header("Content-Type", "application/fhir+json")
                .POST(HttpRequest.BodyPublishers.ofString(json)), headers);
    }

    private Response send(HttpRequest.Builder request, String... headers) {
        request.header("Accept", "application/fhir+json");
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.body());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private record Response(int status, String body) {
        List<String> ids() {
            assertEquals(200, status, body);
            Bundle bundle = FHIR.newJsonParser().parseResource(Bundle.class, body);
            List<String> ids = new ArrayList<>();
            bundle.getEntry().forEach(e -> ids.add(e.getResource().getIdElement().getIdPart()));
            return ids;
        }
    }

    private static Patient patient(String id) {
        return (Patient) new Patient().setId("Patient/" + id);
    }

    private static Observation observation(String id, String patient, String category) {
        Observation observation = new Observation();
        if (id != null) {
            observation.setId("Observation/" + id);
        }
        observation.setStatus(Observation.ObservationStatus.FINAL);
        observation.setSubject(new Reference("Patient/" + patient));
        observation.addCategory(new CodeableConcept(new Coding(CATEGORY, category, null)));
        observation.getCode().setText(category);
        return observation;
    }

    private static Condition condition(String id, String patient) {
        Condition condition = new Condition();
        condition.setId("Condition/" + id);
        condition.setSubject(new Reference("Patient/" + patient));
        return condition;
    }
}
