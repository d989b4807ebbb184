package io.github.hapismart.scope;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Relative references parsed once: the forms accepted and the ones refused. */
class FhirReferenceTest {

    @Test
    void aRelativeReferenceParsesIntoTypeAndId() {
        assertEquals(new FhirReference("Practitioner", "prac-1"), FhirReference.parse("Practitioner/prac-1"));
    }

    @Test
    void aReferenceWithAVersionIsNotARelativeReference() {
        assertEquals(Optional.empty(), FhirReference.tryParse("Patient/1/_history/2"));
    }

    @Test
    void aBareIdIsAReferenceToTheExpectedType() {
        assertEquals(FhirReference.patient("1234"), FhirReference.ofType("Patient", "1234"));
    }

    @Test
    void aPrefixedIdIsAReferenceToTheExpectedType() {
        assertEquals(new FhirReference("Encounter", "e1"), FhirReference.ofType("Encounter", "Encounter/e1"));
    }

    @Test
    void aReferenceToAnotherTypeIsRefusedWhereAPatientIsExpected() {
        assertThrows(IllegalArgumentException.class, () -> FhirReference.ofType("Patient", "Group/1"));
    }

    @Test
    void itPrintsAsTypeSlashId() {
        assertEquals("Patient/1234", FhirReference.patient("1234").toString());
    }
}
