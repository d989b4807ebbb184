package io.github.hapismart.sample.demo;

import static io.github.hapismart.sample.demo.Terms.at;
import static io.github.hapismart.sample.demo.Terms.concept;
import static io.github.hapismart.sample.demo.Terms.ref;

import java.time.LocalDateTime;
import java.util.List;
import java.util.Random;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Condition;

/**
 * Builds Conditions in the three US Core categories: a chronic problem-list item, a health concern, and an
 * encounter diagnosis made at the acute visit (which alone carries an encounter reference).
 */
final class ConditionFactory {

    private static final List<CodeableConcept> CHRONIC = List.of(
            concept(Terms.SNOMED, "44054006", "Diabetes mellitus type 2"),
            concept(Terms.SNOMED, "38341003", "Hypertensive disorder"),
            concept(Terms.SNOMED, "55822004", "Hyperlipidemia"),
            concept(Terms.SNOMED, "195967001", "Asthma"));
    private static final List<CodeableConcept> ACUTE = List.of(
            concept(Terms.SNOMED, "444814009", "Viral sinusitis"),
            concept(Terms.SNOMED, "10509002", "Acute bronchitis"),
            concept(Terms.SNOMED, "43878008", "Streptococcal sore throat"),
            concept(Terms.SNOMED, "68566005", "Urinary tract infectious disease"));
    private static final List<CodeableConcept> CONCERNS = List.of(
            concept(Terms.SNOMED, "414916001", "Obesity"),
            concept(Terms.SNOMED, "73595000", "Stress"),
            concept(Terms.SNOMED, "422650009", "Social isolation"));

    private final BundleBuilder bundle;
    private final Random random;

    ConditionFactory(BundleBuilder bundle, Random random) {
        this.bundle = bundle;
        this.random = random;
    }

    void problemListItem(Visit checkUp) {
        Condition condition = condition(checkUp, pick(CHRONIC), Terms.CONDITION_CATEGORY, "problem-list-item",
                "Problem List Item", "active");
        condition.setOnset(at(checkUp.start().minusYears(2 + random.nextInt(10)).withHour(0)));
        bundle.add(condition);
    }

    void healthConcern(Visit checkUp) {
        Condition condition = condition(checkUp, pick(CONCERNS), Terms.US_CORE_CONDITION_CATEGORY,
                "health-concern", "Health Concern", "active");
        condition.setOnset(at(checkUp.start()));
        bundle.add(condition);
    }

    void encounterDiagnosis(Visit acuteVisit) {
        Condition condition = condition(acuteVisit, pick(ACUTE), Terms.CONDITION_CATEGORY, "encounter-diagnosis",
                "Encounter Diagnosis", "resolved");
        LocalDateTime onset = acuteVisit.start().minusDays(1 + random.nextInt(5)).withHour(0);
        condition.setOnset(at(onset));
        condition.setAbatement(at(acuteVisit.start().plusDays(7 + random.nextInt(10)).withHour(0)));
        condition.setEncounter(ref(acuteVisit.encounter()));
        bundle.add(condition);
    }

    private static Condition condition(Visit visit, CodeableConcept code, String categorySystem, String category,
            String categoryDisplay, String clinicalStatus) {
        Condition condition = new Condition()
                .setClinicalStatus(concept(Terms.CONDITION_CLINICAL, clinicalStatus,
                        clinicalStatus.equals("active") ? "Active" : "Resolved"))
                .setVerificationStatus(concept(Terms.CONDITION_VERIFICATION, "confirmed", "Confirmed"))
                .setCode(code)
                .setSubject(ref(visit.patient()))
                .setRecordedDateElement(at(visit.start()))
                .setRecorder(ref(visit.practitioner()));
        condition.addCategory(concept(categorySystem, category, categoryDisplay));
        return condition;
    }

    private CodeableConcept pick(List<CodeableConcept> choices) {
        return choices.get(random.nextInt(choices.size())).copy();
    }
}
