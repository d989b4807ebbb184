package io.github.hapismart.sample.demo;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.AllergyIntolerance;
import org.hl7.fhir.r4.model.Attachment;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Immunization;
import org.hl7.fhir.r4.model.Location;
import org.hl7.fhir.r4.model.Medication;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.Procedure;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;

/** What each demo patient's record holds, category by category, as an app with US Core scopes would see it. */
class DemoDataClinicalContentTest {

    private static final String OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category";
    private static final String US_CORE_CATEGORY = "http://hl7.org/fhir/us/core/CodeSystem/us-core-category";
    private static final String CONDITION_CATEGORY = "http://terminology.hl7.org/CodeSystem/condition-category";
    private static final String US_CORE_CONDITION_CATEGORY =
            "http://hl7.org/fhir/us/core/CodeSystem/condition-category";

    private final ParsedDemoBundle demo = new ParsedDemoBundle(DemoDataGenerator.DEFAULT_SEED);

    @Test
    void everyPatientHasEveryClinicalResourceType() {
        List<Class<? extends Resource>> types = List.of(Encounter.class, Observation.class, Condition.class,
                MedicationRequest.class, AllergyIntolerance.class, Immunization.class, Procedure.class,
                DocumentReference.class);
        for (String patient : demo.byPatient.keySet()) {
            for (Class<? extends Resource> type : types) {
                assertFalse(demo.ofPatient(patient, type).isEmpty(), patient + " has no " + type.getSimpleName());
            }
            assertTrue(demo.ofPatient(patient, Encounter.class).size() >= 2, patient + " has fewer than 2 visits");
        }
    }

    @Test
    void everyPatientHasAnObservationInEveryUsCoreCategory() {
        for (String patient : demo.byPatient.keySet()) {
            List<CodeableConcept> categories = demo.ofPatient(patient, Observation.class).stream()
                    .flatMap(observation -> observation.getCategory().stream()).toList();
            assertAll(patient,
                    () -> assertTrue(ParsedDemoBundle.codes(categories, OBSERVATION_CATEGORY).containsAll(
                            Set.of("vital-signs", "laboratory", "social-history", "survey"))),
                    () -> assertTrue(ParsedDemoBundle.codes(categories, US_CORE_CATEGORY).containsAll(
                            Set.of("clinical-test", "sdoh"))));
        }
    }

    @Test
    void everyPatientHasTheNamedLoincObservations() {
        Set<String> expected = Set.of("8867-4", "29463-7", "85354-9", "4548-4", "2339-0", "72166-2", "55757-9");
        for (String patient : demo.byPatient.keySet()) {
            Set<String> loinc = ParsedDemoBundle.codes(demo.ofPatient(patient, Observation.class).stream()
                    .map(Observation::getCode).toList(), "http://loinc.org");
            assertTrue(loinc.containsAll(expected), patient + " has only " + loinc);
        }
    }

    @Test
    void everyObservationIsFinalWithAValueTimeSubjectAndEncounter() {
        for (Observation observation : demo.all(Observation.class)) {
            assertAll(observation.getCode().getText(),
                    () -> assertEquals(Observation.ObservationStatus.FINAL, observation.getStatus()),
                    () -> assertTrue(observation.hasValue() || observation.hasComponent()),
                    () -> assertTrue(observation.hasEffectiveDateTimeType()),
                    () -> assertTrue(demo.byPatient.containsKey(observation.getSubject().getReference())),
                    () -> assertInstanceOf(Encounter.class, demo.resolve(observation.getEncounter())));
        }
        Observation pressure = demo.all(Observation.class).stream()
                .filter(observation -> observation.getCode().getCodingFirstRep().getCode().equals("85354-9"))
                .findFirst().orElseThrow();
        Set<String> components = pressure.getComponent().stream()
                .map(component -> component.getCode().getCodingFirstRep().getCode()).collect(Collectors.toSet());
        assertEquals(Set.of("8480-6", "8462-4"), components);
    }

    @Test
    void everyPatientHasAConditionInEveryUsCoreCategory() {
        for (String patient : demo.byPatient.keySet()) {
            List<CodeableConcept> categories = demo.ofPatient(patient, Condition.class).stream()
                    .flatMap(condition -> condition.getCategory().stream()).toList();
            assertAll(patient,
                    () -> assertTrue(ParsedDemoBundle.codes(categories, CONDITION_CATEGORY).containsAll(
                            Set.of("problem-list-item", "encounter-diagnosis"))),
                    () -> assertTrue(ParsedDemoBundle.codes(categories, US_CORE_CONDITION_CATEGORY)
                            .contains("health-concern")));
        }
    }

    @Test
    void conditionsAreSnomedCodedWithStatusesAndEncounterDiagnosesNameTheirEncounter() {
        for (Condition condition : demo.all(Condition.class)) {
            assertFalse(ParsedDemoBundle.codes(List.of(condition.getCode()), "http://snomed.info/sct").isEmpty());
            assertTrue(condition.hasClinicalStatus());
            assertTrue(condition.hasVerificationStatus());
            if (ParsedDemoBundle.codes(condition.getCategory(), CONDITION_CATEGORY).contains("encounter-diagnosis")) {
                assertInstanceOf(Encounter.class, demo.resolve(condition.getEncounter()));
            }
        }
    }

    @Test
    void encountersAreFinishedAmbulatoryVisitsAtTheClinic() {
        for (Encounter encounter : demo.all(Encounter.class)) {
            assertAll(
                    () -> assertEquals(Encounter.EncounterStatus.FINISHED, encounter.getStatus()),
                    () -> assertEquals("AMB", encounter.getClass_().getCode()),
                    () -> assertTrue(encounter.getPeriod().hasStart() && encounter.getPeriod().hasEnd()),
                    () -> assertInstanceOf(Organization.class, demo.resolve(encounter.getServiceProvider())),
                    () -> assertInstanceOf(Practitioner.class,
                            demo.resolve(encounter.getParticipantFirstRep().getIndividual())),
                    () -> assertInstanceOf(Location.class,
                            demo.resolve(encounter.getLocationFirstRep().getLocation())));
        }
    }

    @Test
    void medicationRequestsAreActiveOrdersForAMedicationOrAnRxNormCode() {
        for (MedicationRequest request : demo.all(MedicationRequest.class)) {
            assertEquals(MedicationRequest.MedicationRequestStatus.ACTIVE, request.getStatus());
            assertEquals(MedicationRequest.MedicationRequestIntent.ORDER, request.getIntent());
            assertInstanceOf(Practitioner.class, demo.resolve(request.getRequester()));
            if (request.hasMedicationReference()) {
                assertInstanceOf(Medication.class, demo.resolve(request.getMedicationReference()));
            } else {
                assertFalse(ParsedDemoBundle.codes(List.of(request.getMedicationCodeableConcept()),
                        "http://www.nlm.nih.gov/research/umls/rxnorm").isEmpty());
            }
        }
        assertTrue(demo.all(MedicationRequest.class).stream().anyMatch(MedicationRequest::hasMedicationReference));
    }

    @Test
    void immunizationsAreCvxCodedAndProceduresSnomedCodedAndPerformed() {
        demo.all(Immunization.class).forEach(immunization -> assertFalse(ParsedDemoBundle.codes(
                List.of(immunization.getVaccineCode()), "http://hl7.org/fhir/sid/cvx").isEmpty()));
        for (Procedure procedure : demo.all(Procedure.class)) {
            assertEquals(Procedure.ProcedureStatus.COMPLETED, procedure.getStatus());
            assertTrue(procedure.hasPerformedDateTimeType());
            assertFalse(ParsedDemoBundle.codes(List.of(procedure.getCode()), "http://snomed.info/sct").isEmpty());
        }
    }

    @Test
    void documentReferencesAreClinicalNotesWithBase64PlainTextForTheirEncounter() {
        for (DocumentReference document : demo.all(DocumentReference.class)) {
            Set<String> type = ParsedDemoBundle.codes(List.of(document.getType()), "http://loinc.org");
            assertTrue(type.contains("34133-9") || type.contains("11506-3"), type.toString());
            assertTrue(ParsedDemoBundle.codes(document.getCategory(),
                    "http://hl7.org/fhir/us/core/CodeSystem/us-core-documentreference-category")
                    .contains("clinical-note"));
            Attachment attachment = document.getContentFirstRep().getAttachment();
            assertEquals("text/plain", attachment.getContentType());
            assertFalse(new String(attachment.getData(), StandardCharsets.UTF_8).isBlank());
            assertTrue(demo.json.contains(attachment.getDataElement().getValueAsString()), "base64 in JSON");
            assertInstanceOf(Encounter.class, demo.resolve(document.getContext().getEncounterFirstRep()));
        }
    }
}
