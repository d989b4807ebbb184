package io.github.hapismart.sample.demo;

import java.util.List;
import java.util.Random;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Group;
import org.hl7.fhir.r4.model.Identifier;

/**
 * Builds the sample server's synthetic demo data as one R4 transaction Bundle of POST entries with
 * {@code urn:uuid:} fullUrls, so the server assigns the ids. Output depends only on the seed: the same seed
 * gives byte-identical JSON on every run, in every time zone.
 *
 * <p>Contents: one Organization with a Location, two Practitioners (with NPIs) and their PractitionerRoles,
 * two Medications, and {@value #PATIENT_COUNT} Patients with MRNs {@code demo-1}…{@code demo-6}
 * ({@link #MRN_SYSTEM}). Every patient has two finished ambulatory Encounters, Observations in all six US Core
 * categories, Conditions in all three, MedicationRequests, an AllergyIntolerance, Immunizations, a Procedure
 * and two clinical-note DocumentReferences. A Group ({@link #COHORT_IDENTIFIER} in {@link #GROUP_SYSTEM}) lists
 * every patient, for Group-level bulk export. Patient {@value #DEMO_PATIENT_MRN} is the demo patient user's
 * record; the practitioner with NPI {@value #DEMO_PRACTITIONER_NPI} is the demo practitioner user.
 */
public final class DemoDataGenerator {

    /** Identifier system of the demo patients' medical record numbers. */
    public static final String MRN_SYSTEM = "urn:oid:hapismart.demo.mrn";
    /** Identifier system of practitioner and organization NPIs. */
    public static final String NPI_SYSTEM = Terms.NPI;
    /** Number of demo patients; their MRNs are {@code demo-1} to {@code demo-<PATIENT_COUNT>}. */
    public static final int PATIENT_COUNT = 6;
    /** MRN of the patient whose record belongs to the demo patient user. */
    public static final String DEMO_PATIENT_MRN = "demo-1";
    /** NPI (system {@link #NPI_SYSTEM}) of the practitioner who is the demo practitioner user; GP of demo-1. */
    public static final String DEMO_PRACTITIONER_NPI = "1234567893";
    /** Identifier system of the demo Group. */
    public static final String GROUP_SYSTEM = "urn:hapismart:demo:group";
    /** Identifier (system {@link #GROUP_SYSTEM}) of the Group that lists every demo patient. */
    public static final String COHORT_IDENTIFIER = "all-demo-patients";
    /** The seed the sample server uses. */
    public static final long DEFAULT_SEED = 20240108L;

    static final String MRN_PREFIX = "demo-";

    private final long seed;

    /** Creates a generator whose every bundle is determined by {@code seed}. */
    public DemoDataGenerator(long seed) {
        this.seed = seed;
    }

    /** Returns a new transaction Bundle; each call builds a fresh, identical one that callers may modify. */
    public Bundle transactionBundle() {
        Random random = new Random(seed);
        BundleBuilder bundle = new BundleBuilder(seed);
        Directory directory = new DirectoryFactory(bundle).create();
        List<PatientFactory.Enrolled> patients =
                new PatientFactory(bundle, random, directory).create(PATIENT_COUNT);

        bundle.add(cohort(patients));

        EncounterFactory encounters = new EncounterFactory(bundle, random, directory);
        ObservationFactory observations = new ObservationFactory(bundle, random);
        ConditionFactory conditions = new ConditionFactory(bundle, random);
        TreatmentFactory treatments = new TreatmentFactory(bundle, random, directory);
        DocumentFactory documents = new DocumentFactory(bundle, directory);
        for (PatientFactory.Enrolled patient : patients) {
            List<Visit> visits = encounters.create(patient);
            Visit checkUp = visits.get(0);
            Visit acuteVisit = visits.get(1);

            observations.vitalSigns(checkUp);
            observations.laboratory(checkUp);
            observations.socialHistory(checkUp);
            observations.survey(checkUp);
            observations.socialDeterminants(checkUp);
            observations.clinicalTest(checkUp);
            observations.vitalSigns(acuteVisit);

            conditions.problemListItem(checkUp);
            conditions.healthConcern(checkUp);
            conditions.encounterDiagnosis(acuteVisit);

            treatments.medicationRequests(checkUp, acuteVisit);
            treatments.allergy(checkUp);
            treatments.immunizations(checkUp, acuteVisit);
            treatments.procedure(checkUp);

            documents.notes(checkUp, acuteVisit);
        }
        return bundle.build();
    }

    private static Group cohort(List<PatientFactory.Enrolled> patients) {
        Group group = new Group();
        group.addIdentifier(new Identifier().setSystem(GROUP_SYSTEM).setValue(COHORT_IDENTIFIER));
        group.setActive(true);
        group.setType(Group.GroupType.PERSON);
        group.setActual(true);
        group.setName("All demo patients");
        patients.forEach(patient -> group.addMember().setEntity(Terms.ref(patient.patient())));
        group.setQuantity(patients.size());
        return group;
    }
}
