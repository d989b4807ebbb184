package io.github.hapismart.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 8, part 3: {@code patient/} scopes on types outside the Patient compartment (Practitioner, PractitionerRole,
 * Organization, Location, Medication) allow reading and searching those types, which hold no patient data; without
 * such a scope they are denied; Patient and Group stay bound to the launch patient.
 */
@ExtendWith(SharedServer.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NonCompartmentScopeTest {

    private static final List<String> TYPES =
            List.of("Practitioner", "PractitionerRole", "Organization", "Location", "Medication");
    private static final String SCOPES = "patient/Practitioner.read patient/Organization.read patient/Location.read "
            + "patient/PractitionerRole.read patient/Medication.read";

    private TwoPatients p;

    @BeforeAll
    void setUp(SampleServerFixture server) {
        p = new TwoPatients(server);
    }

    private String anyId(String type) {
        Http.Response found = p.get(type + "?_count=1", p.systemToken);
        assertEquals(200, found.status(), found.body());
        return found.json().path("entry").get(0).path("resource").path("id").asText();
    }

    @Test
    void patientScopesOnSharedTypesAllowReadAndSearch() {
        String token = p.patientToken(SCOPES + " patient/Patient.read");
        for (String type : TYPES) {
            Http.Response read = p.get(type + "/" + anyId(type), token);
            assertEquals(200, read.status(), type + ": " + read.body());
            Http.Response search = p.get(type, token);
            assertEquals(200, search.status(), type + ": " + search.body());
            assertFalse(search.json().path("entry").isEmpty(), type);
            p.assertNoneOfB(search);
        }
    }

    @Test
    void withoutThoseScopesSharedTypesAreDenied() {
        String token = p.patientToken("patient/Patient.read patient/Observation.read");
        for (String type : TYPES) {
            assertEquals(403, p.get(type + "/" + anyId(type), token).status(), type);
            assertEquals(403, p.get(type, token).status(), type);
        }
    }

    @Test
    void oneSharedTypeScopeDoesNotOpenTheOthers() {
        String token = p.patientToken("patient/Practitioner.read");
        assertEquals(200, p.get("Practitioner/" + anyId("Practitioner"), token).status());
        assertEquals(403, p.get("Organization/" + anyId("Organization"), token).status());
    }

    @Test
    void sharedTypeScopesDoNotAllowWriting() {
        String token = p.patientToken("patient/Practitioner.cruds");
        Http.Response created = p.send("POST", "Practitioner", token, "application/fhir+json",
                "{\"resourceType\":\"Practitioner\",\"name\":[{\"family\":\"Smuggled\"}]}");
        assertEquals(403, created.status(), created.body());
    }

    @Test
    void patientAndGroupStayPatientBound() {
        String token = p.patientToken(SCOPES + " patient/Patient.read patient/Group.read");
        assertEquals(200, p.get("Patient/" + p.a, token).status());
        p.assertStatusWithoutB(403, p.get("Patient/" + p.b, token));
        Http.Response patients = p.get("Patient", token);
        p.assertStatusWithoutB(200, patients);
        assertEquals(1, patients.json().path("entry").size(), patients.body());
        // The demo Group lists every demo patient, so it is in A's compartment; it stays hidden from patient tokens.
        p.assertStatusWithoutB(403, p.get("Group", token));
    }
}
