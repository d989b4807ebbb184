package io.github.hapismart.sample.demo;

import static io.github.hapismart.sample.demo.Terms.at;
import static io.github.hapismart.sample.demo.Terms.concept;
import static io.github.hapismart.sample.demo.Terms.ref;

import java.nio.charset.StandardCharsets;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Enumerations.DocumentReferenceStatus;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.Period;

/**
 * Builds one clinical note per visit as a DocumentReference (US Core category {@code clinical-note}): a
 * progress note for the check-up and a summary note for the acute visit, each a short base64 text/plain body.
 */
final class DocumentFactory {

    private final BundleBuilder bundle;
    private final Directory directory;

    DocumentFactory(BundleBuilder bundle, Directory directory) {
        this.bundle = bundle;
        this.directory = directory;
    }

    void notes(Visit checkUp, Visit acuteVisit) {
        bundle.add(note(checkUp, "11506-3", "Progress note",
                "Annual check-up. Vital signs, labs and screening questionnaires reviewed with the patient. "
                        + "Continue current medications; follow up in 12 months."));
        bundle.add(note(acuteVisit, "34133-9", "Summary of episode note",
                "Acute visit. Symptoms for a few days; examined and treated as documented in the encounter "
                        + "diagnosis. Return if not improving within one week."));
    }

    private DocumentReference note(Visit visit, String loinc, String title, String text) {
        DocumentReference document = new DocumentReference()
                .setStatus(DocumentReferenceStatus.CURRENT)
                .setType(concept(Terms.LOINC, loinc, title))
                .setSubject(ref(visit.patient()))
                .setDateElement(new InstantType(at(visit.end()).getValueAsString()))
                .setDescription(title);
        document.addCategory(concept(Terms.DOCUMENT_CATEGORY, "clinical-note", "Clinical Note"));
        document.addAuthor(ref(visit.practitioner()));
        document.setCustodian(ref(directory.organization()));
        document.addContent().getAttachment()
                .setContentType("text/plain")
                .setLanguage("en-US")
                .setTitle(title)
                .setCreationElement(at(visit.end()))
                .setData(text.getBytes(StandardCharsets.UTF_8));
        document.getContext()
                .addEncounter(ref(visit.encounter()))
                .setPeriod(new Period().setStartElement(at(visit.start())).setEndElement(at(visit.end())));
        return document;
    }
}
