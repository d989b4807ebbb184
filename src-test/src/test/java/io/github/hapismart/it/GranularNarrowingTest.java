package io.github.hapismart.it;

import static io.github.hapismart.it.TwoPatients.enc;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashSet;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Granular scopes narrowed into the search (issue 7): the database answers the scopes' queries, and what cannot be
 * narrowed (includes, batches, queries on different parameters) is still filtered resource by resource. Each case
 * compares the SMART answer with what a system token sees for the same patient and categories.
 */
@ExtendWith(SharedServer.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GranularNarrowingTest {

    private TwoPatients p;

    @BeforeAll
    void setUp(SampleServerFixture server) {
        p = new TwoPatients(server);
    }

    /** A's Observations in {@code categories} (system|code), as a system token sees them. */
    private Set<String> ownObservations(String... categories) {
        Http.Response all = p.get("Observation?patient=" + p.a + "&_count=500&category="
                + enc(String.join(",", categories)), p.systemToken);
        assertEquals(200, all.status(), all.body());
        return TwoPatients.refs(all);
    }

    private static Set<String> refsOfType(Http.Response bundle, String type) {
        Set<String> refs = new LinkedHashSet<>();
        TwoPatients.refs(bundle).stream().filter(r -> r.startsWith(type + "/")).forEach(refs::add);
        return refs;
    }

    @Test
    void twoCategoryScopesAnswerWithExactlyTheUnionOfBothCategories() {
        String token = p.patientToken("patient/Observation.rs?category=" + TwoPatients.LAB
                + " patient/Observation.rs?category=" + TwoPatients.VITALS);
        Http.Response search = p.get("Observation?patient=" + p.a + "&_count=500", token);
        p.assertStatusWithoutB(200, search);
        Set<String> expected = ownObservations(TwoPatients.LAB, TwoPatients.VITALS);
        assertTrue(expected.size() >= 2, expected.toString());
        assertEquals(expected, TwoPatients.refs(search));
        assertFalse(expected.containsAll(ownObservations(
                "http://terminology.hl7.org/CodeSystem/observation-category|social-history")));
    }

    @Test
    void aCategoryTheScopeExcludesYieldsAnEmptyResultNotAnError() {
        String token = p.patientToken("patient/Observation.rs?category=" + TwoPatients.LAB);
        Http.Response vitals = p.get("Observation?patient=" + p.a + "&category=" + enc(TwoPatients.VITALS), token);
        p.assertStatusWithoutB(200, vitals);
        assertEquals(0, vitals.json().path("entry").size(), vitals.body());
        Http.Response labs = p.get("Observation?patient=" + p.a + "&category=" + enc(TwoPatients.LAB), token);
        p.assertStatusWithoutB(200, labs);
        assertEquals(ownObservations(TwoPatients.LAB), TwoPatients.refs(labs), labs.body());
    }

    @Test
    void aBareCodeIsSearchedAsTheScopesSystemAndCode() {
        // The planning puts the scope's system|code in the place of the asked bare code (one condition, not two).
        String token = p.patientToken("patient/Observation.rs?category=" + TwoPatients.LAB);
        Http.Response labs = p.get("Observation?patient=" + p.a + "&_count=500&category=laboratory", token);
        p.assertStatusWithoutB(200, labs);
        assertFalse(TwoPatients.refs(labs).isEmpty(), labs.body());
        assertEquals(ownObservations(TwoPatients.LAB), TwoPatients.refs(labs), labs.body());
        Http.Response vitals = p.get("Observation?patient=" + p.a + "&category=vital-signs", token);
        p.assertStatusWithoutB(200, vitals);
        assertEquals(0, vitals.json().path("entry").size(), vitals.body());
    }

    @Test
    void includedObservationsOutsideTheCategoryAreDroppedNotShown() {
        // _include:iterate over Observation.has-member / derived-from could reach other categories; with any
        // include the results are filtered one by one. Here: include the subject, and Encounter via _revinclude.
        String token = p.patientToken("patient/Observation.rs?category=" + TwoPatients.LAB + " patient/Patient.rs");
        Http.Response search = p.get("Observation?patient=" + p.a + "&_include=Observation:subject"
                + "&_revinclude=Observation:has-member&_count=500", token);
        p.assertStatusWithoutB(200, search);
        assertEquals(ownObservations(TwoPatients.LAB), refsOfType(search, "Observation"));
        assertTrue(TwoPatients.refs(search).contains("Patient/" + p.a), search.body());
    }

    @Test
    void searchesInsideABatchAreStillFilteredToTheCategory() {
        String token = p.patientToken("patient/Observation.rs?category=" + TwoPatients.LAB);
        String batch = """
                {"resourceType":"Bundle","type":"batch","entry":[
                  {"request":{"method":"GET","url":"Observation?patient=%s&_count=500"}}]}""".formatted(p.a);
        Http.Response response = p.send("POST", "", token, "application/fhir+json", batch);
        p.assertStatusWithoutB(200, response);
        JsonNode inner = response.json().path("entry").get(0).path("resource");
        Set<String> refs = new LinkedHashSet<>();
        inner.path("entry").forEach(e -> refs.add("Observation/" + e.path("resource").path("id").asText()));
        assertEquals(ownObservations(TwoPatients.LAB), refs, response.body());
    }

    @Test
    void queriesOnDifferentParametersAreFilteredNotNarrowed() {
        // category=laboratory OR status=final cannot be one search; every own Observation is final, so all of A's
        // Observations are allowed and none of B's.
        String token = p.patientToken("patient/Observation.rs?category=" + TwoPatients.LAB
                + " patient/Observation.rs?status=final");
        Http.Response search = p.get("Observation?_count=500", token);
        p.assertStatusWithoutB(200, search);
        Http.Response own = p.get("Observation?patient=" + p.a + "&_count=500", p.systemToken);
        assertEquals(TwoPatients.refs(own), TwoPatients.refs(search));
    }
}
