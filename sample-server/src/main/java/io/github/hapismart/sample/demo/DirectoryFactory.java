package io.github.hapismart.sample.demo;

import static io.github.hapismart.sample.demo.Terms.concept;
import static io.github.hapismart.sample.demo.Terms.ref;

import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.r4.model.Address;
import org.hl7.fhir.r4.model.ContactPoint;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Location;
import org.hl7.fhir.r4.model.Medication;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.PractitionerRole;

/** Builds the clinic: one Organization, its Location, two Practitioners with a PractitionerRole each, two Medications. */
final class DirectoryFactory {

    /** NPI of the clinic itself (check digit valid). */
    static final String ORGANIZATION_NPI = "1543210987";
    /** NPI of the second practitioner (check digit valid). */
    static final String SECOND_PRACTITIONER_NPI = "1987654328";

    private final BundleBuilder bundle;

    DirectoryFactory(BundleBuilder bundle) {
        this.bundle = bundle;
    }

    Directory create() {
        Organization organization = new Organization()
                .setActive(true)
                .setName("Maple Grove Family Health")
                .addIdentifier(new Identifier().setSystem(Terms.NPI).setValue(ORGANIZATION_NPI))
                .addType(concept(Terms.ORGANIZATION_TYPE, "prov", "Healthcare Provider"))
                .addTelecom(phone("555-0100"))
                .addAddress(clinicAddress());
        String organizationUrl = bundle.add(organization);

        Location location = new Location()
                .setStatus(Location.LocationStatus.ACTIVE)
                .setName("Maple Grove Family Health - Main Clinic")
                .setAddress(clinicAddress())
                .setManagingOrganization(ref(organizationUrl));
        location.addTelecom(phone("555-0101"));
        String locationUrl = bundle.add(location);

        List<String> practitioners = new ArrayList<>();
        practitioners.add(practitioner("Chen", "Amelia", AdministrativeGender.FEMALE,
                DemoDataGenerator.DEMO_PRACTITIONER_NPI));
        practitioners.add(practitioner("Okafor", "Daniel", AdministrativeGender.MALE, SECOND_PRACTITIONER_NPI));
        for (String practitioner : practitioners) {
            PractitionerRole role = new PractitionerRole()
                    .setActive(true)
                    .setPractitioner(ref(practitioner))
                    .setOrganization(ref(organizationUrl));
            role.addCode(concept(Terms.PRACTITIONER_ROLE, "doctor", "Doctor"));
            role.addSpecialty(concept(Terms.NUCC_TAXONOMY, "207Q00000X", "Family Medicine Physician"));
            role.addLocation(ref(locationUrl));
            bundle.add(role);
        }

        List<String> medications = List.of(
                medication("860975", "24 HR metformin hydrochloride 500 MG Extended Release Oral Tablet"),
                medication("314076", "lisinopril 10 MG Oral Tablet"));
        return new Directory(organizationUrl, locationUrl, practitioners, medications);
    }

    private String practitioner(String family, String given, AdministrativeGender gender, String npi) {
        Practitioner practitioner = new Practitioner()
                .setActive(true)
                .setGender(gender)
                .addIdentifier(new Identifier().setSystem(Terms.NPI).setValue(npi))
                .addName(new HumanName().setFamily(family).addGiven(given).addPrefix("Dr.")
                        .setUse(HumanName.NameUse.OFFICIAL))
                .addTelecom(phone("555-0102"));
        practitioner.addAddress(clinicAddress());
        return bundle.add(practitioner);
    }

    private String medication(String rxnorm, String display) {
        Medication medication = new Medication()
                .setCode(concept(Terms.RXNORM, rxnorm, display))
                .setStatus(Medication.MedicationStatus.ACTIVE);
        return bundle.add(medication);
    }

    private static ContactPoint phone(String number) {
        return new ContactPoint().setSystem(ContactPoint.ContactPointSystem.PHONE).setValue(number)
                .setUse(ContactPoint.ContactPointUse.WORK);
    }

    private static Address clinicAddress() {
        return new Address().addLine("100 Maple Grove Ave").setCity("Springfield").setState("IL")
                .setPostalCode("62701").setCountry("US");
    }
}
