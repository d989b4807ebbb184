package io.github.hapismart.it;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The leak tests' search for a resource in a response body: as a resource or a reference, not as a bare number. */
class TwoPatientsMentionsTest {

    @Test
    void theIdAsAPortOrAValueIsNotAMention() {
        assertFalse(TwoPatients.mentions("{\"fullUrl\":\"http://localhost:33139/fhir/Observation/1008\","
                + "\"valueQuantity\":{\"value\":3313}}", "AuditEvent", "3313"));
    }

    @Test
    void theIdAsAReferenceOrAsAResourcesIdIsAMention() {
        assertTrue(TwoPatients.mentions("{\"reference\":\"AuditEvent/3313\"}", "AuditEvent", "3313"));
        assertTrue(TwoPatients.mentions("{\"resourceType\":\"Basic\",\"id\":\"3313\"}", "AuditEvent", "3313"));
        assertTrue(TwoPatients.mentions("{\"fullUrl\":\"http://h:1/fhir/AuditEvent/3313/_history/1\"}", "AuditEvent",
                "3313"));
    }
}
