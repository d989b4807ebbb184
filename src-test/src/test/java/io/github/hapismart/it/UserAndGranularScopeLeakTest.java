package io.github.hapismart.it;

import static io.github.hapismart.it.TwoPatients.enc;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 4 for the other token kinds: {@code user/} tokens (a practitioner reaches the whole server under the default
 * {@code UserAccessPolicy}; a patient user only their own compartment), {@code system/} tokens limited to their types,
 * and a granular category scope (searches return only the matching category, filtered rather than failed; a direct
 * read outside it is denied).
 */
@ExtendWith(SharedServer.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UserAndGranularScopeLeakTest {

    private TwoPatients p;

    @BeforeAll
    void setUp(SampleServerFixture server) {
        p = new TwoPatients(server);
    }

    private String practitionerToken() {
        String practitioner = p.get("Practitioner?_count=1", p.systemToken).json().path("entry").get(0)
                .path("resource").path("id").asText();
        return p.mint("leak-test-app", "user/*.rs", Optional.empty(), Optional.of("Practitioner/" + practitioner));
    }

    @Test
    void practitionerUserReachesEveryPatientUnderTheDefaultPolicy() {
        String token = practitionerToken();
        assertEquals(200, p.get("Patient/" + p.b, token).status());
        assertEquals(200, p.get(p.first(p.bRefs, "Observation"), token).status());
        Http.Response search = p.get("Observation?patient=" + p.b + "&_count=500", token);
        assertEquals(200, search.status());
        assertTrue(TwoPatients.refs(search).contains(p.first(p.bRefs, "Observation")));
    }

    @Test
    void practitionerUserWithReadOnlyScopesCannotWrite() {
        Http.Response response = p.send("POST", "Observation", practitionerToken(), "application/fhir+json",
                "{\"resourceType\":\"Observation\",\"status\":\"final\",\"code\":{\"text\":\"x\"},"
                        + "\"subject\":{\"reference\":\"Patient/" + p.b + "\"}}");
        assertEquals(403, response.status(), response.body());
    }

    @Test
    void patientUserReachesOnlyOwnCompartment() {
        String token = p.mint("leak-test-app", "user/*.rs", Optional.empty(), Optional.of("Patient/" + p.a));
        assertEquals(200, p.get("Patient/" + p.a, token).status());
        p.assertStatusWithoutB(403, p.get("Patient/" + p.b, token));
        p.assertStatusWithoutB(403, p.get(p.first(p.bRefs, "Observation"), token));
        p.assertStatusWithoutB(403, p.get("Observation?patient=" + p.b, token));
        Http.Response own = p.get("Observation?_count=500", token);
        p.assertStatusWithoutB(200, own);
        TwoPatients.refs(own).forEach(r -> assertTrue(p.aRefs.contains(r), r));
    }

    @Test
    void userTokenWithoutFhirUserOrPatientContextIsServerWideOnlyByPolicy() {
        // No fhirUser at all: the default policy treats it like a practitioner (server-wide, read-only here).
        String token = p.mint("leak-test-app", "user/Patient.rs", Optional.empty(), Optional.empty());
        assertEquals(200, p.get("Patient/" + p.b, token).status());
        p.assertStatusWithoutB(403, p.get(p.first(p.bRefs, "Observation"), token));
    }

    @Test
    void systemTokenReachesOnlyItsTypes() {
        String token = p.mint("leak-test-system", "system/Patient.rs", Optional.empty(), Optional.empty());
        assertEquals(200, p.get("Patient/" + p.b, token).status());
        p.assertStatusWithoutB(403, p.get(p.first(p.bRefs, "Observation"), token));
        p.assertStatusWithoutB(403, p.get("Observation?patient=" + p.b, token));
        Http.Response revinclude = p.get("Patient?_id=" + p.b + "&_revinclude=Observation:patient", token);
        assertFalse(revinclude.body().contains(p.first(p.bRefs, "Observation") + "\""), revinclude.body());
        p.assertStatusWithoutB(403, p.send("POST", "Patient", token, "application/fhir+json",
                "{\"resourceType\":\"Patient\"}"));
    }

    @Test
    void granularCategoryScopeSearchReturnsOnlyOwnLaboratoryResults() {
        String token = p.patientToken("patient/Observation.rs?category=" + TwoPatients.LAB);
        Http.Response search = p.get("Observation?_count=500", token);
        p.assertStatusWithoutB(200, search);
        assertFalse(search.json().path("entry").isEmpty(), "A has laboratory results");
        for (var entry : search.json().path("entry")) {
            assertTrue(p.aRefs.contains("Observation/" + entry.path("resource").path("id").asText()));
            assertTrue(entry.path("resource").path("category").toString().contains("laboratory"),
                    entry.toString());
        }
        Http.Response vitals = p.get("Observation?category=" + enc(TwoPatients.VITALS), token);
        p.assertStatusWithoutB(200, vitals);
        assertEquals(0, vitals.json().path("entry").size(), vitals.body());
    }

    @Test
    void granularCategoryScopeDeniesDirectReadOutsideTheCategory() {
        String token = p.patientToken("patient/Observation.rs?category=" + TwoPatients.LAB);
        String ownVital = p.get("Observation?patient=" + p.a + "&category=" + enc(TwoPatients.VITALS),
                p.systemToken).json().path("entry").get(0).path("resource").path("id").asText();
        String ownLab = p.get("Observation?patient=" + p.a + "&category=" + enc(TwoPatients.LAB),
                p.systemToken).json().path("entry").get(0).path("resource").path("id").asText();
        assertEquals(403, p.get("Observation/" + ownVital, token).status());
        assertEquals(200, p.get("Observation/" + ownLab, token).status());
        String otherLab = p.get("Observation?patient=" + p.b + "&category=" + enc(TwoPatients.LAB),
                p.systemToken).json().path("entry").get(0).path("resource").path("id").asText();
        p.assertStatusWithoutB(403, p.get("Observation/" + otherLab, token));
        p.assertStatusWithoutB(403, p.get("Observation?patient=" + p.b, token));
    }

    @Test
    void granularCategoryScopeGrantsNoOtherType() {
        String token = p.patientToken("patient/Observation.rs?category=" + TwoPatients.LAB);
        assertEquals(403, p.get(p.first(p.aRefs, "Condition"), token).status());
        p.assertStatusWithoutB(403, p.get("Condition?patient=" + p.a, token));
    }

    @Test
    void practitionerAndSystemTokensWithoutTheAuditScopeNeverReachTheAuditTrail() throws Exception {
        String auditEvent = p.auditEventAboutA();
        p.assertAuditTrailUnreachable(practitionerToken(), auditEvent);
        p.assertAuditTrailUnreachable(p.systemToken, auditEvent);
        p.assertAuditTrailUnreachable(p.mint("leak-test-app", "user/*.cruds", Optional.empty(),
                Optional.of("Patient/" + p.a)), auditEvent);
    }
}
