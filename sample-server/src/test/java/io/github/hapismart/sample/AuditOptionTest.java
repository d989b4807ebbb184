package io.github.hapismart.sample;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The sample server's {@code audit-patient-data-access} option (README), read like every other option. */
class AuditOptionTest {

    @Test
    void patientDataAccessAuditingIsOffByDefault() {
        assertFalse(SampleServerOptions.fromEnvironment(new String[0]).auditPatientDataAccess());
    }

    @Test
    void theArgumentTurnsItOn() {
        assertTrue(SampleServerOptions.fromEnvironment(new String[] {"--audit-patient-data-access=true"})
                .auditPatientDataAccess());
    }

    @Test
    void theOtherOptionsKeepIt() {
        assertTrue(SampleServerOptions.fromEnvironment(new String[] {"--audit-patient-data-access=true"})
                .withIdentityProviders(java.nio.file.Path.of("idp.properties")).auditPatientDataAccess());
    }
}
