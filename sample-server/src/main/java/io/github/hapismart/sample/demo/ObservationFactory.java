package io.github.hapismart.sample.demo;

import static io.github.hapismart.sample.demo.Terms.at;
import static io.github.hapismart.sample.demo.Terms.concept;
import static io.github.hapismart.sample.demo.Terms.ref;

import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Random;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Quantity;

/**
 * Builds Observations in all six US Core categories: vital signs at every visit; laboratory, smoking status,
 * PHQ-2, a food-insecurity screen and an ECG measurement at the check-up.
 */
final class ObservationFactory {

    private record Answer(String code, String display, int score) {}

    private static final List<Answer> PHQ_ANSWERS = List.of(new Answer("LA6568-5", "Not at all", 0),
            new Answer("LA6569-3", "Several days", 1), new Answer("LA6570-1", "More than half the days", 2),
            new Answer("LA6571-9", "Nearly every day", 3));
    private static final List<Answer> FOOD_ANSWERS = List.of(new Answer("LA28398-8", "Never true", 0),
            new Answer("LA6729-3", "Sometimes true", 1), new Answer("LA28397-0", "Often true", 2));
    private static final List<CodeableConcept> SMOKING_STATUSES = List.of(
            concept(Terms.SNOMED, "266919005", "Never smoker"),
            concept(Terms.SNOMED, "8517006", "Ex-smoker"),
            concept(Terms.SNOMED, "449868002", "Smokes tobacco daily"));

    private final BundleBuilder bundle;
    private final Random random;

    ObservationFactory(BundleBuilder bundle, Random random) {
        this.bundle = bundle;
        this.random = random;
    }

    void vitalSigns(Visit visit) {
        LocalDateTime when = visit.start().plusMinutes(5);
        Observation pressure = observation(visit, when, Terms.OBSERVATION_CATEGORY, "vital-signs", "Vital Signs",
                "85354-9", "Blood pressure panel with all children optional");
        pressure.addComponent()
                .setCode(concept(Terms.LOINC, "8480-6", "Systolic blood pressure"))
                .setValue(quantity(108 + random.nextInt(43), 0, "mm[Hg]", "mmHg"));
        pressure.addComponent()
                .setCode(concept(Terms.LOINC, "8462-4", "Diastolic blood pressure"))
                .setValue(quantity(64 + random.nextInt(32), 0, "mm[Hg]", "mmHg"));
        bundle.add(pressure);
        bundle.add(observation(visit, when, Terms.OBSERVATION_CATEGORY, "vital-signs", "Vital Signs",
                        "8867-4", "Heart rate")
                .setValue(quantity(58 + random.nextInt(39), 0, "/min", "beats/minute")));
        bundle.add(observation(visit, when, Terms.OBSERVATION_CATEGORY, "vital-signs", "Vital Signs",
                        "29463-7", "Body weight")
                .setValue(quantity(520 + random.nextInt(580), 1, "kg", "kg")));
    }

    void laboratory(Visit visit) {
        LocalDateTime when = visit.start().plusMinutes(15);
        bundle.add(observation(visit, when, Terms.OBSERVATION_CATEGORY, "laboratory", "Laboratory",
                        "4548-4", "Hemoglobin A1c/Hemoglobin.total in Blood")
                .setValue(quantity(50 + random.nextInt(40), 1, "%", "%")));
        bundle.add(observation(visit, when, Terms.OBSERVATION_CATEGORY, "laboratory", "Laboratory",
                        "2339-0", "Glucose [Mass/volume] in Blood")
                .setValue(quantity(75 + random.nextInt(106), 0, "mg/dL", "mg/dL")));
    }

    void socialHistory(Visit visit) {
        CodeableConcept status = SMOKING_STATUSES.get(random.nextInt(SMOKING_STATUSES.size())).copy();
        bundle.add(observation(visit, visit.start().plusMinutes(10), Terms.OBSERVATION_CATEGORY, "social-history",
                        "Social History", "72166-2", "Tobacco smoking status")
                .setValue(status));
    }

    /** PHQ-2 as a panel with both answers, and its total score as its own Observation. */
    void survey(Visit visit) {
        LocalDateTime when = visit.start().plusMinutes(10);
        Answer interest = PHQ_ANSWERS.get(random.nextInt(PHQ_ANSWERS.size()));
        Answer mood = PHQ_ANSWERS.get(random.nextInt(PHQ_ANSWERS.size()));
        Observation panel = observation(visit, when, Terms.OBSERVATION_CATEGORY, "survey", "Survey", "55757-9",
                "Patient Health Questionnaire 2 item (PHQ-2) [Reported]");
        panel.addComponent()
                .setCode(concept(Terms.LOINC, "44250-9", "Little interest or pleasure in doing things"))
                .setValue(concept(Terms.LOINC, interest.code(), interest.display()));
        panel.addComponent()
                .setCode(concept(Terms.LOINC, "44255-8", "Feeling down, depressed, or hopeless"))
                .setValue(concept(Terms.LOINC, mood.code(), mood.display()));
        bundle.add(panel);
        bundle.add(observation(visit, when, Terms.OBSERVATION_CATEGORY, "survey", "Survey", "55758-7",
                        "Patient Health Questionnaire 2 item (PHQ-2) total score [Reported]")
                .setValue(new IntegerType(interest.score() + mood.score())));
    }

    void socialDeterminants(Visit visit) {
        Answer answer = FOOD_ANSWERS.get(random.nextInt(FOOD_ANSWERS.size()));
        bundle.add(observation(visit, visit.start().plusMinutes(10), Terms.US_CORE_CATEGORY, "sdoh", "SDOH",
                        "88122-7", "Within the past 12 months we worried whether our food would run out before "
                                + "we got money to buy more [U.S. FDA]")
                .setValue(concept(Terms.LOINC, answer.code(), answer.display())));
    }

    void clinicalTest(Visit visit) {
        bundle.add(observation(visit, visit.start().plusMinutes(20), Terms.US_CORE_CATEGORY, "clinical-test",
                        "Clinical Test", "8625-6", "P-R Interval")
                .setValue(quantity(120 + random.nextInt(81), 0, "ms", "ms")));
    }

    private static Observation observation(Visit visit, LocalDateTime when, String categorySystem,
            String category, String categoryDisplay, String loinc, String display) {
        Observation observation = new Observation()
                .setStatus(Observation.ObservationStatus.FINAL)
                .setCode(concept(Terms.LOINC, loinc, display))
                .setSubject(ref(visit.patient()))
                .setEncounter(ref(visit.encounter()))
                .setEffective(at(when));
        observation.addCategory(concept(categorySystem, category, categoryDisplay));
        observation.addPerformer(ref(visit.practitioner()));
        return observation;
    }

    /** A UCUM quantity of {@code unscaled} × 10^-{@code scale}, exact in decimal. */
    private static Quantity quantity(int unscaled, int scale, String ucum, String unit) {
        return new Quantity()
                .setValue(BigDecimal.valueOf(unscaled, scale))
                .setSystem(Terms.UCUM)
                .setCode(ucum)
                .setUnit(unit);
    }
}
