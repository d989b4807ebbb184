package io.github.hapismart.hapi;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.RuntimeResourceDefinition;
import ca.uhn.fhir.context.RuntimeSearchParam;
import ca.uhn.fhir.util.FhirTerser;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.hl7.fhir.instance.model.api.IBase;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class PatientCompartmentOwnersTest {

    private static final FhirContext R4 = FhirContext.forR4Cached();
    private static final Pattern RESOLVE_IS = Pattern.compile("([a-zA-Z.]+)\\.where\\(resolve\\(\\) is ([a-zA-Z]+)\\)");

    private final PatientCompartmentOwners owners = new PatientCompartmentOwners(R4);

    /** What the audit hook asked before: the terser's compartment owners, Patient references only. */
    private static Set<String> viaTerser(IBaseResource resource) {
        Set<String> patients = new TreeSet<>();
        for (IIdType owner : R4.newTerser().getCompartmentOwnersForResource("Patient", resource, Set.of())) {
            if ("Patient".equals(owner.getResourceType()) && owner.hasIdPart()) {
                patients.add(owner.getIdPart());
            }
        }
        return patients;
    }

    static Stream<String> typesInThePatientCompartment() {
        return R4.getResourceTypes().stream().sorted()
                .filter(type -> !type.equals("Patient"))
                .filter(type -> !R4.getResourceDefinition(type).getSearchParamsForCompartmentName("Patient").isEmpty());
    }

    /**
     * A resource of {@code type} with a reference in every element its Patient compartment names, cycling through a
     * patient, a practitioner, an absolute versioned patient URL and a contained patient.
     */
    private static IBaseResource everyCompartmentElementFilled(String type) {
        RuntimeResourceDefinition definition = R4.getResourceDefinition(type);
        IBaseResource resource = definition.newInstance();
        FhirTerser terser = R4.newTerser();
        // Two parameters may name one element (subject, and patient as subject.where(resolve() is Patient)): each
        // element gets one reference.
        Set<Reference> filled = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        int n = 0;
        for (RuntimeSearchParam parameter : definition.getSearchParamsForCompartmentName("Patient")) {
            for (String path : parameter.getPathsSplit()) {
                Matcher typed = RESOLVE_IS.matcher(path);
                String plain = typed.matches() ? typed.group(1) : path;
                List<IBase> values;
                try {
                    values = terser.getValues(resource, plain, IBase.class, true);
                } catch (RuntimeException notCreatable) {
                    continue;
                }
                for (IBase value : values) {
                    if (value instanceof Reference reference && filled.add(reference)) {
                        switch (n++ % 4) {
                            case 0 -> reference.setReference("Patient/p" + n);
                            case 1 -> reference.setReference("Practitioner/q" + n);
                            case 2 -> reference.setReference("http://example.org/fhir/Patient/a" + n + "/_history/2");
                            default -> reference.setResource(new Patient().setId("Patient/c" + n));
                        }
                    }
                }
            }
        }
        return resource;
    }

    @ParameterizedTest
    @MethodSource("typesInThePatientCompartment")
    void givesTheTersersPatientsForEveryTypeWithEveryCompartmentElementFilled(String type) {
        IBaseResource resource = everyCompartmentElementFilled(type);
        assertEquals(viaTerser(resource), owners.of(resource));
    }

    @Test
    void anObservationBelongsToItsSubjectAndToAPatientPerformerButNotToAPractitioner() {
        Observation observation = new Observation();
        observation.setSubject(new Reference("Patient/1"));
        observation.addPerformer(new Reference("Practitioner/2"));
        observation.addPerformer(new Reference("Patient/3"));
        assertEquals(Set.of("1", "3"), owners.of(observation));
    }

    @Test
    void aPatientIsItsOwnCompartment() {
        assertEquals(Set.of("7"), owners.of(new Patient().setId("Patient/7/_history/3")));
    }
}
