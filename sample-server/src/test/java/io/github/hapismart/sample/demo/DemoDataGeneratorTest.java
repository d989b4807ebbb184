package io.github.hapismart.sample.demo;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.TimeZone;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Location;
import org.hl7.fhir.r4.model.Medication;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Group;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.PractitionerRole;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;

/** The bundle's shape: a self-contained, deterministic transaction with the clinic and six patients. */
class DemoDataGeneratorTest {

    private static final long SEED = DemoDataGenerator.DEFAULT_SEED;
    private final ParsedDemoBundle demo = new ParsedDemoBundle(SEED);

    @Test
    void bundleIsATransactionOfPostsWithUrnUuidFullUrlsAndNoClientIds() {
        Bundle bundle = new DemoDataGenerator(SEED).transactionBundle();
        assertEquals(Bundle.BundleType.TRANSACTION, bundle.getType());
        Set<String> fullUrls = bundle.getEntry().stream().map(Bundle.BundleEntryComponent::getFullUrl)
                .collect(Collectors.toSet());
        assertEquals(bundle.getEntry().size(), fullUrls.size(), "fullUrls are unique");
        for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
            assertTrue(entry.getFullUrl().matches("urn:uuid:[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}"),
                    entry.getFullUrl());
            assertEquals(Bundle.HTTPVerb.POST, entry.getRequest().getMethod());
            assertEquals(entry.getResource().fhirType(), entry.getRequest().getUrl());
            assertFalse(entry.getResource().hasId(), "the server assigns ids");
        }
    }

    @Test
    void everyReferenceResolvesToAFullUrlInTheBundle() {
        int checked = 0;
        for (Resource resource : demo.byFullUrl.values()) {
            for (Reference reference : ParsedDemoBundle.references(resource)) {
                assertNotNull(demo.resolve(reference),
                        () -> resource.fhirType() + " points outside the bundle: " + reference.getReference());
                checked++;
            }
        }
        assertTrue(checked > 300, "references checked: " + checked);
    }

    @Test
    void oneGroupListsEveryPatientExactlyOnce() {
        List<Group> groups = demo.all(Group.class);
        assertEquals(1, groups.size());
        Group cohort = groups.get(0);
        assertEquals(DemoDataGenerator.COHORT_IDENTIFIER, cohort.getIdentifierFirstRep().getValue());
        assertEquals(DemoDataGenerator.GROUP_SYSTEM, cohort.getIdentifierFirstRep().getSystem());
        assertTrue(cohort.getActual());
        Set<String> members = cohort.getMember().stream()
                .map(member -> member.getEntity().getReference()).collect(Collectors.toSet());
        assertEquals(DemoDataGenerator.PATIENT_COUNT, cohort.getMember().size());
        assertEquals(demo.byPatient.keySet(), members);
    }

    @Test
    void containsSixPatientsFoundByMrnsDemo1ToDemo6() {
        List<Patient> patients = demo.all(Patient.class);
        assertEquals(DemoDataGenerator.PATIENT_COUNT, patients.size());
        Set<String> mrns = patients.stream().map(DemoDataGeneratorTest::mrn).collect(Collectors.toSet());
        Set<String> expected = IntStream.rangeClosed(1, 6).mapToObj(i -> "demo-" + i).collect(Collectors.toSet());
        assertEquals(expected, mrns);
    }

    @Test
    void everyPatientHasDemographicsAGeneralPractitionerAndTheClinic() {
        for (Patient patient : demo.all(Patient.class)) {
            assertAll(mrn(patient),
                    () -> assertTrue(patient.getNameFirstRep().hasFamily()),
                    () -> assertTrue(patient.getNameFirstRep().hasGiven()),
                    () -> assertTrue(patient.hasGender()),
                    () -> assertTrue(patient.getBirthDateElement().getValueAsString().matches("\\d{4}-\\d{2}-\\d{2}")),
                    () -> assertTrue(patient.getAddressFirstRep().hasCity()),
                    () -> assertInstanceOf(Practitioner.class,
                            demo.resolve(patient.getGeneralPractitionerFirstRep())),
                    () -> assertInstanceOf(Organization.class, demo.resolve(patient.getManagingOrganization())));
        }
    }

    @Test
    void directoryHasTheClinicItsLocationTwoPractitionersWithNpisAndTwoMedications() {
        assertFalse(demo.all(Organization.class).isEmpty());
        assertFalse(demo.all(Location.class).isEmpty());
        assertFalse(demo.all(PractitionerRole.class).isEmpty());
        assertEquals(2, demo.all(Medication.class).size());
        demo.all(Medication.class).forEach(medication -> assertFalse(
                ParsedDemoBundle.codes(List.of(medication.getCode()), "http://www.nlm.nih.gov/research/umls/rxnorm")
                        .isEmpty()));
        List<Practitioner> practitioners = demo.all(Practitioner.class);
        assertEquals(2, practitioners.size());
        for (Practitioner practitioner : practitioners) {
            assertTrue(practitioner.getNameFirstRep().hasFamily());
            assertTrue(npi(practitioner).matches("\\d{10}"));
        }
    }

    @Test
    void demoPractitionerIsTheGeneralPractitionerOfTheDemoPatient() {
        Patient demoPatient = demo.all(Patient.class).stream()
                .filter(patient -> mrn(patient).equals(DemoDataGenerator.DEMO_PATIENT_MRN))
                .findFirst().orElseThrow();
        Practitioner gp = (Practitioner) demo.resolve(demoPatient.getGeneralPractitionerFirstRep());
        assertEquals(DemoDataGenerator.DEMO_PRACTITIONER_NPI, npi(gp));
    }

    @Test
    void sameSeedProducesIdenticalJson() {
        String first = ParsedDemoBundle.encode(new DemoDataGenerator(SEED).transactionBundle());
        String second = ParsedDemoBundle.encode(new DemoDataGenerator(SEED).transactionBundle());
        assertEquals(first, second);
        assertEquals(demo.json, first);
    }

    @Test
    void differentSeedsProduceDifferentContent() {
        assertNotEquals(demo.json, new ParsedDemoBundle(SEED + 1).json);
    }

    @Test
    void jsonDoesNotDependOnTheDefaultTimeZone() {
        TimeZone original = TimeZone.getDefault();
        try {
            TimeZone.setDefault(TimeZone.getTimeZone("Pacific/Auckland"));
            String auckland = ParsedDemoBundle.encode(new DemoDataGenerator(SEED).transactionBundle());
            TimeZone.setDefault(TimeZone.getTimeZone("America/Los_Angeles"));
            String losAngeles = ParsedDemoBundle.encode(new DemoDataGenerator(SEED).transactionBundle());
            assertEquals(auckland, losAngeles);
        } finally {
            TimeZone.setDefault(original);
        }
    }

    private static String mrn(Patient patient) {
        return patient.getIdentifier().stream()
                .filter(identifier -> DemoDataGenerator.MRN_SYSTEM.equals(identifier.getSystem()))
                .map(Identifier::getValue).findFirst().orElseThrow();
    }

    private static String npi(Practitioner practitioner) {
        return practitioner.getIdentifier().stream()
                .filter(identifier -> DemoDataGenerator.NPI_SYSTEM.equals(identifier.getSystem()))
                .map(Identifier::getValue).findFirst().orElseThrow();
    }
}
