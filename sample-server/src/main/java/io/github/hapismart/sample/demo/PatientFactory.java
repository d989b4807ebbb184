package io.github.hapismart.sample.demo;

import static io.github.hapismart.sample.demo.Terms.concept;
import static io.github.hapismart.sample.demo.Terms.ref;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.hl7.fhir.r4.model.Address;
import org.hl7.fhir.r4.model.ContactPoint;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Patient;

/** Builds the demo patients: synthetic names and addresses, an MRN {@code demo-N}, a GP and the clinic. */
final class PatientFactory {

    /** A created patient's fullUrl and the fullUrl of its general practitioner. */
    record Enrolled(String patient, String practitioner) {}

    private record Given(String name, AdministrativeGender gender) {}

    private static final List<Given> GIVEN_NAMES = List.of(
            new Given("Maria", AdministrativeGender.FEMALE), new Given("James", AdministrativeGender.MALE),
            new Given("Aisha", AdministrativeGender.FEMALE), new Given("Robert", AdministrativeGender.MALE),
            new Given("Sofia", AdministrativeGender.FEMALE), new Given("Wei", AdministrativeGender.MALE),
            new Given("Grace", AdministrativeGender.FEMALE), new Given("Luis", AdministrativeGender.MALE),
            new Given("Hannah", AdministrativeGender.FEMALE), new Given("Samuel", AdministrativeGender.MALE),
            new Given("Priya", AdministrativeGender.FEMALE), new Given("Thomas", AdministrativeGender.MALE));
    private static final List<String> FEMALE_MIDDLE_NAMES = List.of("Anne", "Marie", "Rose");
    private static final List<String> MALE_MIDDLE_NAMES = List.of("Lee", "Joseph", "Alan");
    private static final List<String> FAMILY_NAMES = List.of("Garcia", "Johnson", "Nguyen", "Patel", "Williams",
            "Kowalski", "Haddad", "Brown", "Martinez", "Okonkwo", "Schmidt", "Rivera");
    private static final List<String> STREETS = List.of("Oak St", "Elm Ave", "Lincoln Rd", "Prairie Ln",
            "Washington Blvd", "Cedar Ct");
    private static final List<String[]> CITIES = List.of(new String[] {"Springfield", "62704"},
            new String[] {"Chatham", "62629"}, new String[] {"Rochester", "62563"},
            new String[] {"Sherman", "62684"});

    private final BundleBuilder bundle;
    private final Random random;
    private final Directory directory;

    PatientFactory(BundleBuilder bundle, Random random, Directory directory) {
        this.bundle = bundle;
        this.random = random;
        this.directory = directory;
    }

    /** Creates {@code count} patients, MRNs {@code demo-1} upwards, and returns them in MRN order. */
    List<Enrolled> create(int count) {
        List<Given> givens = new ArrayList<>(GIVEN_NAMES);
        List<String> families = new ArrayList<>(FAMILY_NAMES);
        Collections.shuffle(givens, random);
        Collections.shuffle(families, random);
        List<Enrolled> patients = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String practitioner = directory.practitioners().get(i % directory.practitioners().size());
            Patient patient = patient(i + 1, givens.get(i % givens.size()), families.get(i % families.size()));
            patient.addGeneralPractitioner(ref(practitioner));
            patient.setManagingOrganization(ref(directory.organization()));
            patients.add(new Enrolled(bundle.add(patient), practitioner));
        }
        return patients;
    }

    private Patient patient(int number, Given given, String family) {
        Patient patient = new Patient();
        patient.addIdentifier(new Identifier()
                .setUse(Identifier.IdentifierUse.USUAL)
                .setType(concept(Terms.V2_0203, "MR", "Medical Record Number"))
                .setSystem(DemoDataGenerator.MRN_SYSTEM)
                .setValue(DemoDataGenerator.MRN_PREFIX + number));
        patient.setActive(true);
        patient.addName(new HumanName()
                .setUse(HumanName.NameUse.OFFICIAL)
                .setFamily(family)
                .addGiven(given.name())
                .addGiven(middleName(given.gender())));
        patient.setGender(given.gender());
        LocalDate birthDate = LocalDate.of(1945, 1, 1).plusDays(random.nextInt(365 * 60));
        patient.setBirthDateElement(Terms.day(birthDate));
        String[] city = CITIES.get(random.nextInt(CITIES.size()));
        patient.addAddress(new Address()
                .setUse(Address.AddressUse.HOME)
                .addLine((100 + random.nextInt(9800)) + " " + STREETS.get(random.nextInt(STREETS.size())))
                .setCity(city[0])
                .setState("IL")
                .setPostalCode(city[1])
                .setCountry("US"));
        patient.addTelecom(new ContactPoint()
                .setSystem(ContactPoint.ContactPointSystem.PHONE)
                .setUse(ContactPoint.ContactPointUse.HOME)
                .setValue(String.format("555-%04d", 200 + random.nextInt(7000))));
        return patient;
    }

    private String middleName(AdministrativeGender gender) {
        List<String> names = gender == AdministrativeGender.FEMALE ? FEMALE_MIDDLE_NAMES : MALE_MIDDLE_NAMES;
        return names.get(random.nextInt(names.size()));
    }
}
