package io.github.hapismart.sample.demo;

import static io.github.hapismart.sample.demo.Terms.at;
import static io.github.hapismart.sample.demo.Terms.concept;
import static io.github.hapismart.sample.demo.Terms.ref;

import java.time.LocalDateTime;
import java.util.List;
import java.util.Random;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Period;

/**
 * Builds each patient's two finished ambulatory encounters: a yearly check-up, then a visit for an acute
 * complaint some months later. All dates lie in 2024 and early 2025, fixed by the seed, never by the clock.
 */
final class EncounterFactory {

    private static final LocalDateTime FIRST_DAY = LocalDateTime.of(2024, 1, 8, 0, 0);

    private final BundleBuilder bundle;
    private final Random random;
    private final Directory directory;

    EncounterFactory(BundleBuilder bundle, Random random, Directory directory) {
        this.bundle = bundle;
        this.random = random;
        this.directory = directory;
    }

    /** Returns the check-up first, then the acute visit. */
    List<Visit> create(PatientFactory.Enrolled enrolled) {
        LocalDateTime checkUp = FIRST_DAY.plusDays(random.nextInt(150)).withHour(8 + random.nextInt(8));
        LocalDateTime acute = checkUp.plusDays(60 + random.nextInt(180)).withHour(8 + random.nextInt(8));
        return List.of(
                visit(enrolled, checkUp, 40, "185349003", "Encounter for check up (procedure)"),
                visit(enrolled, acute, 20, "185345009", "Encounter for symptom (procedure)"));
    }

    private Visit visit(PatientFactory.Enrolled enrolled, LocalDateTime start, int minutes, String code,
            String display) {
        LocalDateTime end = start.plusMinutes(minutes);
        Encounter encounter = new Encounter()
                .setStatus(Encounter.EncounterStatus.FINISHED)
                .setClass_(new Coding(Terms.ACT_CODE, "AMB", "ambulatory"))
                .setSubject(ref(enrolled.patient()))
                .setPeriod(new Period().setStartElement(at(start)).setEndElement(at(end)))
                .setServiceProvider(ref(directory.organization()));
        encounter.addType(concept(Terms.SNOMED, code, display));
        encounter.addParticipant()
                .addType(concept(Terms.PARTICIPATION_TYPE, "PPRF", "primary performer"))
                .setIndividual(ref(enrolled.practitioner()));
        encounter.addLocation().setLocation(ref(directory.location()));
        String url = bundle.add(encounter);
        return new Visit(enrolled.patient(), url, enrolled.practitioner(), start, end);
    }
}
