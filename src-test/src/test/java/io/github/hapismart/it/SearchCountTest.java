package io.github.hapismart.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 21, item 1: {@code _summary=count} and {@code _total=accurate} answer wherever the database's count is exactly
 * what the token may see (a server-wide scope without a granular filter for the type; a patient token's search,
 * which the narrowing confines to its patient; a granular query the narrowing adds to the search) and are refused
 * with an OperationOutcome that says why where a per-resource filter would make the number wrong.
 */
@ExtendWith(SharedServer.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SearchCountTest {

    private TwoPatients p;

    @BeforeAll
    void setUp(SampleServerFixture server) {
        p = new TwoPatients(server);
    }

    private long listed(String query, String token) {
        Http.Response all = p.get(query + (query.contains("?") ? "&" : "?") + "_count=1000&_elements=id", token);
        assertEquals(200, all.status(), all.body());
        assertFalse(all.json().path("link").findValuesAsText("relation").contains("next"), "one page");
        return all.json().path("entry").size();
    }

    private long counted(String query, String token) {
        Http.Response count = p.get(query, token);
        p.assertStatusWithoutB(200, count);
        assertTrue(count.json().has("total"), count.body());
        return count.json().path("total").asLong();
    }

    @Test
    void aSystemTokenCountsEveryPatient() {
        String token = p.mint("count-test-system", "system/*.rs", java.util.Optional.empty(),
                java.util.Optional.empty());
        assertEquals(listed("Patient", token), counted("Patient?_summary=count", token));
    }

    @Test
    void aSystemTokenGetsAnAccurateTotalWithOnePage() {
        String token = p.mint("count-test-system", "system/Observation.rs", java.util.Optional.empty(),
                java.util.Optional.empty());
        Http.Response page = p.get("Observation?_count=1&_total=accurate", token);
        assertEquals(200, page.status(), page.body());
        assertEquals(1, page.json().path("entry").size());
        assertEquals(counted("Observation?_summary=count", p.systemToken), page.json().path("total").asLong());
    }

    @Test
    void aPatientTokensCountNeverCountsAnotherPatientsResources() {
        String token = p.patientToken("patient/*.rs");
        long ownObservations = p.aRefs.stream().filter(r -> r.startsWith("Observation/")).count();
        long everyObservation = counted("Observation?_summary=count", p.systemToken);
        assertTrue(ownObservations > 0 && ownObservations < everyObservation);
        assertEquals(ownObservations, counted("Observation?_summary=count", token));
        assertEquals(ownObservations, counted("Observation?_count=1&_total=accurate", token));
        assertEquals(p.aRefs.stream().filter(r -> r.startsWith("Condition/")).count(),
                counted("Condition?_summary=count", token));
    }

    @Test
    void aPatientTokensCountOfAnotherPatientIsForbidden() {
        p.assertStatusWithoutB(403, p.get("Observation?patient=" + p.b + "&_summary=count",
                p.patientToken("patient/*.rs")));
    }

    @Test
    void aGranularQueryTheNarrowingAddsIsCountedExactly() {
        String token = p.patientToken("patient/Observation.rs?category=" + TwoPatients.LAB);
        long labs = listed("Observation?patient=" + p.a + "&category=" + TwoPatients.enc(TwoPatients.LAB),
                p.systemToken);
        assertTrue(labs > 0 && labs < p.aRefs.stream().filter(r -> r.startsWith("Observation/")).count());
        assertEquals(labs, counted("Observation?_summary=count", token));
    }

    @Test
    void aCountThatAPerResourceFilterWouldMakeWrongIsRefusedWithAReason() {
        // Two granular queries on different parameters cannot be one search: the results are filtered one by one.
        String token = p.patientToken("patient/Observation.rs?category=" + TwoPatients.LAB
                + " patient/Observation.rs?status=final");
        assertRefused(p.get("Observation?_summary=count", token), "_summary=count");
        assertRefused(p.get("Observation?_total=accurate", token), "_total=accurate");
        assertRefused(p.get("Observation?_summary=count&_revinclude=Provenance:target",
                p.patientToken("patient/*.rs")), "_summary=count");
    }

    private void assertRefused(Http.Response response, String parameter) {
        p.assertStatusWithoutB(400, response);
        assertEquals("OperationOutcome", response.json().path("resourceType").asText(), response.body());
        String diagnostics = response.json().path("issue").get(0).path("diagnostics").asText();
        assertTrue(diagnostics.contains(parameter + " is refused for this token")
                && diagnostics.contains("a count would include resources the token may not see"), diagnostics);
    }
}
