package io.github.hapismart.resource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.hapismart.scope.AccessGrant;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ClaimMappingTest {

    private static final String FHIR = "https://ehr.example.org/fhir";

    private static AccessGrant grant(Map<String, Object> claims) {
        return ClaimMapping.DEFAULTS.toGrant(claims, FHIR, "jti-1", Instant.EPOCH);
    }

    @Test
    void keycloakScopeStringAndAzpBecomeTheGrant() {
        AccessGrant grant = grant(Map.of("sub", "f81d", "azp", "my-app",
                "scope", "openid profile email patient/Observation.rs launch/patient", "patient", "123",
                "fhirUser", "Patient/123"));
        assertEquals(List.of("openid", "profile", "patient/Observation.rs", "launch/patient"),
                grant.scopes().values());
        assertEquals("my-app", grant.clientId());
        assertEquals(Optional.of("123"), grant.patient());
        assertEquals(Optional.of("Patient/123"), grant.fhirUser());
    }

    @Test
    void scpArrayAndRolesAreReadAsWell() {
        AccessGrant grant = grant(Map.of("scp", List.of("user/Patient.rs", "not-smart"),
                "roles", List.of("system/Observation.rs"), "appid", "0c1d"));
        assertEquals(List.of("user/Patient.rs", "system/Observation.rs"), grant.scopes().values());
        assertEquals("0c1d", grant.clientId());
        assertEquals("0c1d", grant.subject(), "a token without sub is the client's own");
    }

    @Test
    void patientReferenceAndAbsoluteFhirUserUnderTheBaseAreMadeRelative() {
        AccessGrant grant = grant(Map.of("scope", "patient/*.rs", "patient", "Patient/abc-1",
                "fhirUser", FHIR + "/Practitioner/9"));
        assertEquals(Optional.of("abc-1"), grant.patient());
        assertEquals(Optional.of("Practitioner/9"), grant.fhirUser());
    }

    @Test
    void fhirUserOfAnotherServerOrMalformedIsIgnored() {
        assertTrue(grant(Map.of("fhirUser", "https://other.example.org/fhir/Practitioner/9")).fhirUser().isEmpty());
        assertTrue(grant(Map.of("fhirUser", "Practitioner/9/_history/1")).fhirUser().isEmpty());
        assertTrue(grant(Map.of("patient", "a b")).patient().isEmpty());
    }

    @Test
    void tokenWithoutAnySmartScopeGrantsNoResourceScope() {
        AccessGrant grant = grant(Map.of("scope", "openid email profile offline_access", "patient", "1"));
        assertTrue(grant.scopes().resourceScopes().isEmpty());
    }

    @Test
    void configuredClaimNamesAreRead() {
        ClaimMapping mapping = new ClaimMapping(List.of("smart_scopes"), "patient_id", "fhir_user", "encounter",
                List.of("cid"), Optional.empty());
        AccessGrant grant = mapping.toGrant(Map.of("smart_scopes", "patient/*.rs", "scope", "user/*.cruds",
                "patient_id", "7", "fhir_user", "Patient/7", "cid", "app"), FHIR, "j", Instant.EPOCH);
        assertEquals(List.of("patient/*.rs"), grant.scopes().values());
        assertEquals(Optional.of("7"), grant.patient());
        assertEquals("app", grant.clientId());
    }

    @Test
    void entraScopeNamesWithAStandInForTheSlashAreRead() {
        AccessGrant grant = ClaimMapping.DEFAULTS.withSlashStandIn("-").toGrant(Map.of("scp",
                "patient-Observation.rs?category=a-b launch-patient user-*.rs", "roles", List.of("system-Patient.rs")),
                FHIR, "j", Instant.EPOCH);
        assertEquals(List.of("patient/Observation.rs?category=a-b", "launch/patient", "user/*.rs", "system/Patient.rs"),
                grant.scopes().values());
        assertTrue(grant(Map.of("scp", "patient-Observation.rs")).scopes().isEmpty(), "read as written by default");
    }
}
