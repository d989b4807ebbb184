package io.github.hapismart.sample.demo;

import static io.github.hapismart.sample.demo.Terms.at;
import static io.github.hapismart.sample.demo.Terms.concept;
import static io.github.hapismart.sample.demo.Terms.ref;

import java.util.List;
import java.util.Random;
import org.hl7.fhir.r4.model.AllergyIntolerance;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Immunization;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Procedure;

/**
 * Builds what was done or ordered for a patient: MedicationRequests (one pointing at a formulary Medication,
 * one coded inline with RxNorm), an AllergyIntolerance, Immunizations (CVX) and a Procedure.
 */
final class TreatmentFactory {

    private record Allergen(CodeableConcept code, AllergyIntolerance.AllergyIntoleranceCategory category,
            CodeableConcept reaction) {}

    private static final List<Allergen> ALLERGENS = List.of(
            new Allergen(concept(Terms.RXNORM, "7980", "Penicillin G"),
                    AllergyIntolerance.AllergyIntoleranceCategory.MEDICATION,
                    concept(Terms.SNOMED, "271807003", "Eruption of skin")),
            new Allergen(concept(Terms.SNOMED, "762952008", "Peanut (substance)"),
                    AllergyIntolerance.AllergyIntoleranceCategory.FOOD,
                    concept(Terms.SNOMED, "39579001", "Anaphylaxis")),
            new Allergen(concept(Terms.SNOMED, "256259004", "Pollen (substance)"),
                    AllergyIntolerance.AllergyIntoleranceCategory.ENVIRONMENT,
                    concept(Terms.SNOMED, "76067001", "Sneezing")),
            new Allergen(concept(Terms.SNOMED, "111088007", "Latex (substance)"),
                    AllergyIntolerance.AllergyIntoleranceCategory.ENVIRONMENT,
                    concept(Terms.SNOMED, "247472004", "Wheal")));
    private static final List<CodeableConcept> OTHER_VACCINES = List.of(
            concept(Terms.CVX, "115", "Tdap"),
            concept(Terms.CVX, "208", "COVID-19, mRNA, LNP-S, PF, 30 mcg/0.3 mL dose"),
            concept(Terms.CVX, "133", "Pneumococcal conjugate PCV 13"));
    private static final List<CodeableConcept> INLINE_DRUGS = List.of(
            concept(Terms.RXNORM, "313782", "Acetaminophen 325 MG Oral Tablet"),
            concept(Terms.RXNORM, "308182", "Amoxicillin 250 MG Oral Capsule"),
            concept(Terms.RXNORM, "310965", "Ibuprofen 200 MG Oral Tablet"));

    private final BundleBuilder bundle;
    private final Random random;
    private final Directory directory;

    TreatmentFactory(BundleBuilder bundle, Random random, Directory directory) {
        this.bundle = bundle;
        this.random = random;
        this.directory = directory;
    }

    void medicationRequests(Visit checkUp, Visit acuteVisit) {
        String medication = directory.medications().get(random.nextInt(directory.medications().size()));
        bundle.add(medicationRequest(checkUp, "Take 1 tablet by mouth once daily")
                .setMedication(ref(medication)));
        bundle.add(medicationRequest(acuteVisit, "Take 1 tablet by mouth every 6 hours as needed")
                .setMedication(INLINE_DRUGS.get(random.nextInt(INLINE_DRUGS.size())).copy()));
    }

    void allergy(Visit checkUp) {
        Allergen allergen = ALLERGENS.get(random.nextInt(ALLERGENS.size()));
        AllergyIntolerance allergy = new AllergyIntolerance()
                .setClinicalStatus(concept(Terms.ALLERGY_CLINICAL, "active", "Active"))
                .setVerificationStatus(concept(Terms.ALLERGY_VERIFICATION, "confirmed", "Confirmed"))
                .setType(AllergyIntolerance.AllergyIntoleranceType.ALLERGY)
                .setCriticality(AllergyIntolerance.AllergyIntoleranceCriticality.LOW)
                .setCode(allergen.code().copy())
                .setPatient(ref(checkUp.patient()))
                .setEncounter(ref(checkUp.encounter()))
                .setRecordedDateElement(at(checkUp.start()))
                .setRecorder(ref(checkUp.practitioner()));
        allergy.addCategory(allergen.category());
        allergy.addReaction().addManifestation(allergen.reaction().copy());
        bundle.add(allergy);
    }

    /** A seasonal flu shot at the check-up and one other vaccine at the acute visit. */
    void immunizations(Visit checkUp, Visit acuteVisit) {
        bundle.add(immunization(checkUp, concept(Terms.CVX, "140",
                "Influenza, seasonal, injectable, preservative free")));
        bundle.add(immunization(acuteVisit, OTHER_VACCINES.get(random.nextInt(OTHER_VACCINES.size())).copy()));
    }

    void procedure(Visit checkUp) {
        Procedure procedure = new Procedure()
                .setStatus(Procedure.ProcedureStatus.COMPLETED)
                .setCode(concept(Terms.SNOMED, "171207006", "Depression screening (procedure)"))
                .setSubject(ref(checkUp.patient()))
                .setEncounter(ref(checkUp.encounter()))
                .setPerformed(at(checkUp.start().plusMinutes(10)))
                .setLocation(ref(directory.location()));
        procedure.addPerformer().setActor(ref(checkUp.practitioner()));
        bundle.add(procedure);
    }

    private static MedicationRequest medicationRequest(Visit visit, String dosage) {
        MedicationRequest request = new MedicationRequest()
                .setStatus(MedicationRequest.MedicationRequestStatus.ACTIVE)
                .setIntent(MedicationRequest.MedicationRequestIntent.ORDER)
                .setSubject(ref(visit.patient()))
                .setEncounter(ref(visit.encounter()))
                .setAuthoredOnElement(at(visit.end()))
                .setRequester(ref(visit.practitioner()));
        request.addDosageInstruction().setText(dosage);
        return request;
    }

    private Immunization immunization(Visit visit, CodeableConcept vaccine) {
        Immunization immunization = new Immunization()
                .setStatus(Immunization.ImmunizationStatus.COMPLETED)
                .setVaccineCode(vaccine)
                .setPatient(ref(visit.patient()))
                .setEncounter(ref(visit.encounter()))
                .setOccurrence(at(visit.start().plusMinutes(30)))
                .setPrimarySource(true)
                .setLocation(ref(directory.location()))
                .setLotNumber("LOT" + (10000 + random.nextInt(90000)));
        immunization.addPerformer().setActor(ref(visit.practitioner()));
        return immunization;
    }
}
