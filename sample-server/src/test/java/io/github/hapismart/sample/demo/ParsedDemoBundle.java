package io.github.hapismart.sample.demo;

import ca.uhn.fhir.context.FhirContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

/** The generator's bundle after a JSON round trip, indexed by fullUrl and by the patient each resource is about. */
final class ParsedDemoBundle {

    static final FhirContext CTX = FhirContext.forR4Cached();

    final String json;
    final Bundle bundle;
    final Map<String, Resource> byFullUrl = new LinkedHashMap<>();
    /** Patient fullUrl → the resources that reference that patient. */
    final Map<String, List<Resource>> byPatient = new LinkedHashMap<>();

    ParsedDemoBundle(long seed) {
        json = encode(new DemoDataGenerator(seed).transactionBundle());
        bundle = CTX.newJsonParser().parseResource(Bundle.class, json);
        for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
            byFullUrl.put(entry.getFullUrl(), entry.getResource());
            if (entry.getResource() instanceof Patient) {
                byPatient.put(entry.getFullUrl(), new ArrayList<>());
            }
        }
        for (Resource resource : byFullUrl.values()) {
            references(resource).stream()
                    .map(Reference::getReference)
                    .filter(byPatient::containsKey)
                    .distinct()
                    .forEach(patient -> byPatient.get(patient).add(resource));
        }
    }

    static String encode(Bundle bundle) {
        return CTX.newJsonParser().setPrettyPrint(true).encodeResourceToString(bundle);
    }

    static List<Reference> references(Resource resource) {
        return CTX.newTerser().getAllPopulatedChildElementsOfType(resource, Reference.class);
    }

    <T extends Resource> List<T> all(Class<T> type) {
        return byFullUrl.values().stream().filter(type::isInstance).map(type::cast).toList();
    }

    <T extends Resource> List<T> ofPatient(String patientUrl, Class<T> type) {
        return byPatient.get(patientUrl).stream().filter(type::isInstance).map(type::cast).toList();
    }

    Resource resolve(Reference reference) {
        return byFullUrl.get(reference.getReference());
    }

    static Set<String> codes(List<CodeableConcept> concepts, String system) {
        return concepts.stream()
                .flatMap(concept -> concept.getCoding().stream())
                .filter(coding -> system.equals(coding.getSystem()))
                .map(coding -> coding.getCode())
                .collect(Collectors.toSet());
    }
}
