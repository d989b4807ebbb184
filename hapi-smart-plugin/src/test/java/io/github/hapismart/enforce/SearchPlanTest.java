package io.github.hapismart.enforce;

import static io.github.hapismart.enforce.Calls.CATEGORY;
import static io.github.hapismart.enforce.Calls.LAB;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.rest.api.RequestTypeEnum;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import io.github.hapismart.enforce.EnforcementProbe.Call;
import io.github.hapismart.enforce.EnforcementProbe.Token;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.Bundle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The {@link SearchPlan} the planning hook attaches for each search form: the patient narrowing, the granular query
 * added, and which checks the results may skip. Run through the real hook (HAPI's compartment narrowing included) on a
 * request without a server.
 */
class SearchPlanTest {

    private static final EnforcementProbe PROBE = new EnforcementProbe();
    private static final String VITALS = "category=" + CATEGORY + "|vital-signs";
    private static final Map<String, List<String>> NONE = Map.of();
    private static final Map<String, List<String>> LAB_QUERY = Map.of("category", List.of(CATEGORY + "|laboratory"));

    private static final Token PATIENT = Token.patientA("patient/Observation.rs");
    private static final Token WILDCARD = Token.patientA("patient/*.rs");
    private static final Token GRANULAR = Token.patientA("patient/Observation.rs?" + LAB);

    /**
     * What a plan says.
     *
     * @param narrowing      the patient HAPI's narrowing adds, or null
     * @param added          the granular query added to the search
     * @param satisfiesQuery the main results skip the in-memory granular match
     * @param inReach        the main results skip the per-resource compartment check
     * @param checkEach      the result filter checks each resource of the response
     */
    record Expected(String narrowing, Map<String, List<String>> added, boolean satisfiesQuery, boolean inReach,
                    boolean checkEach) {
    }

    @ParameterizedTest(name = "{0} | {1} -> {2}")
    @MethodSource
    void typeSearches(Token token, Call call, Expected expected) {
        SearchPlan plan = plan(token, call);
        assertEquals(expected, new Expected(plan.patientNarrowing().orElse(null), plan.addedQuery(),
                plan.matchesSatisfyQuery(), plan.matchesInReach(), plan.checkEachResource()), plan.toString());
    }

    static Stream<Arguments> typeSearches() {
        return Stream.of(
                row(PATIENT, "Observation", new Expected("A", NONE, false, true, false)),
                row(PATIENT, "Observation?patient=Patient/A", new Expected("A", NONE, false, true, false)),
                row(PATIENT, "Observation?code=1234-5", new Expected("A", NONE, false, true, false)),
                row(PATIENT, "Observation?_include=Observation:subject", new Expected("A", NONE, false, false, true)),
                row(PATIENT, "Observation?_include:iterate=Observation:subject",
                        new Expected("A", NONE, false, false, true)),
                row(PATIENT, "Observation?_revinclude=Provenance:target", new Expected("A", NONE, false, false, true)),
                row(PATIENT, "Observation?_contained=true", new Expected("A", NONE, false, false, true)),
                row(PATIENT, "Observation?_query=recent", new Expected("A", NONE, false, false, true)),
                row(Token.patientA("patient/Observation.r"), "Observation", new Expected("A", NONE, false, false,
                        false)),
                row(GRANULAR, "Observation", new Expected("A", LAB_QUERY, true, true, false)),
                row(GRANULAR, "Observation?_include=Observation:subject",
                        new Expected("A", LAB_QUERY, false, false, true)),
                row(Token.patientA("patient/Observation.rs?" + LAB + " patient/Observation.rs?" + VITALS),
                        "Observation", new Expected("A", Map.of("category", List.of(CATEGORY + "|laboratory,"
                                + CATEGORY + "|vital-signs")), true, true, false)),
                row(Token.patientA("patient/Observation.rs?" + LAB + " patient/Observation.rs?code=1234-5"),
                        "Observation", new Expected("A", NONE, false, false, true)),
                row(Token.patientA("patient/*.rs?" + LAB), "Observation", new Expected("A", NONE, false, false, true)),
                row(WILDCARD, "Practitioner", new Expected("A", NONE, false, true, false)),
                row(WILDCARD, "Group", new Expected("A", NONE, false, false, true)),
                row(Token.user("user/Observation.rs", "Patient/A"), "Observation",
                        new Expected("A", NONE, false, true, false)),
                row(Token.user("user/Observation.rs", "Practitioner/p1"), "Observation",
                        new Expected(null, NONE, false, true, false)),
                row(new Token("patient/Observation.rs?" + LAB + " user/Observation.rs", "A", "Practitioner/p1"),
                        "Observation", new Expected(null, NONE, false, false, true)),
                row(Token.system("system/Observation.rs"), "Observation", new Expected(null, NONE, false, true, false)),
                row(Token.system("system/Observation.rs?" + LAB), "Observation",
                        new Expected(null, LAB_QUERY, true, true, false)));
    }

    /**
     * Whether {@code _summary=count} / {@code _total=accurate} may run: only where the database's count is what the
     * grant may see (everything in reach and in the granular query, nothing dropped one by one).
     */
    @ParameterizedTest(name = "{0} | {1} -> count is exact: {2}")
    @MethodSource
    void counts(Token token, Call call, boolean exact) {
        if (exact) {
            SearchPlan plan = plan(token, call);
            assertTrue(plan.countIsExact(), plan.toString());
        } else {
            InvalidRequestException refused = assertThrows(InvalidRequestException.class,
                    () -> PROBE.planned(token, call));
            assertTrue(refused.getMessage().contains("a count would include resources the token may not see"),
                    refused.getMessage());
        }
    }

    static Stream<Arguments> counts() {
        String count = "_summary=count";
        return Stream.of(
                count(PATIENT, "Observation?" + count, true),
                count(PATIENT, "Observation?code=1234-5&_total=accurate", true),
                count(PATIENT, "Observation?" + count + "&_include=Observation:subject", false),
                count(WILDCARD, "Practitioner?" + count, true),
                count(WILDCARD, "Group?" + count, false),
                count(GRANULAR, "Observation?" + count, true),
                count(Token.patientA("patient/Observation.rs?" + LAB + " patient/Observation.rs?code=1234-5"),
                        "Observation?" + count, false),
                count(Token.patientA("patient/*.rs?" + LAB), "Observation?" + count, false),
                count(Token.user("user/Observation.rs", "Practitioner/p1"), "Observation?" + count, true),
                count(new Token("patient/Observation.rs?" + LAB + " user/Observation.rs", "A", "Practitioner/p1"),
                        "Observation?" + count, false),
                count(Token.system("system/*.rs"), "Patient?" + count, true),
                count(Token.system("system/Observation.rs"), "Observation?_count=1&_total=accurate", true),
                count(Token.system("system/Observation.rs?" + LAB), "Observation?" + count, true));
    }

    @Test
    void aCountOfAHistoryIsRefused() {
        Call history = other("GET Observation/_history?_summary=count", RestOperationTypeEnum.HISTORY_TYPE,
                "Observation/_history?_summary=count");
        assertThrows(InvalidRequestException.class, () -> PROBE.planned(PATIENT, history));
    }

    @Test
    void aCountOfASearchTheGrantMayNotMakeIsLeftToTheRulesWhichAnswer403() {
        SearchPlan plan = plan(Token.patientA("patient/Observation.r"), Calls.search("Observation?_summary=count"));
        assertFalse(plan.countIsExact(), plan.toString());
    }

    @ParameterizedTest(name = "{0} -> check each resource: {1}")
    @MethodSource
    void otherRequests(Call call, boolean checkEach) {
        SearchPlan plan = plan(PATIENT, call);
        assertTrue(plan.searchedType().isEmpty(), plan.toString());
        assertEquals(checkEach, plan.checkEachResource(), plan.toString());
    }

    static Stream<Arguments> otherRequests() {
        return Stream.of(
                Arguments.of(Calls.read(Calls.A_LAB), false),
                Arguments.of(Calls.create(Calls.observation(null, "A", "laboratory")), false),
                Arguments.of(other("GET Observation/_history", RestOperationTypeEnum.HISTORY_TYPE, "Observation"),
                        true),
                Arguments.of(other("GET ?_getpages=x", RestOperationTypeEnum.GET_PAGE, ""), true),
                Arguments.of(Calls.operation("Patient/A/$everything", RestOperationTypeEnum.EXTENDED_OPERATION_INSTANCE,
                        null), true),
                Arguments.of(Calls.bundle(Bundle.BundleType.BATCH, "a search",
                        Calls.entry(Bundle.HTTPVerb.GET, "Observation", null)), true));
    }

    @Test
    void aRequestWithoutAGrantIsNeitherNarrowedNorFiltered() {
        SystemRequestDetails request = PROBE.planned(PATIENT, Calls.search("Observation"));
        request.getUserData().clear();
        SearchPlan plan = new SearchPlanner(new ReachPolicy(UserAccessPolicy.SERVER_WIDE)).planTopLevel(request)
                .plan();
        assertEquals(SearchPlan.notATypeSearch(java.util.Optional.empty(), false), plan);
    }

    @Test
    void anEntryOfABatchIsNeitherNarrowedByTheQueryNorTrusted() {
        SystemRequestDetails entry = PROBE.planned(GRANULAR, Calls.search("Observation"));
        entry.getUserData().remove(EnforcementRequest.PLAN);
        entry.setSubRequest(true);
        SearchPlan plan = new SearchPlanner(new ReachPolicy(UserAccessPolicy.SERVER_WIDE)).planEntry(entry);
        assertEquals(new Expected("A", NONE, false, false, true), new Expected(plan.patientNarrowing().orElse(null),
                plan.addedQuery(), plan.matchesSatisfyQuery(), plan.matchesInReach(), plan.checkEachResource()));
        assertTrue(EnforcementRequest.planOf(entry).isEmpty(), "a sub-request never reads its parent's plan");
    }

    @Test
    void theGranularQueryIsAddedToTheSearchedParametersOnlyWhereTheyLackIt() {
        SystemRequestDetails request = PROBE.planned(GRANULAR, Calls.search("Observation"));
        SearchPlanner planner = new SearchPlanner(new ReachPolicy(UserAccessPolicy.SERVER_WIDE));
        assertEquals(java.util.Optional.empty(), planner.planTopLevel(request).narrowedParameters(),
                "the planning hook already added it");
        request.setParameters(Map.of("patient", new String[] {"Patient/A"}));
        SearchPlanner.Planned planned = planner.planTopLevel(request);
        Map<String, String[]> searched = planned.narrowedParameters().orElseThrow();
        assertEquals(List.of("patient", "category"), searched.keySet().stream().sorted(
                java.util.Comparator.reverseOrder()).toList());
        assertEquals(List.of(CATEGORY + "|laboratory"), List.of(searched.get("category")));
        assertEquals(List.of("Patient/A"), List.of(searched.get("patient")));
        assertTrue(planned.plan().matchesInReach(), planned.plan().toString());
    }

    @Test
    void theGranularSystemAndCodeTakesThePlaceOfTheAskedBareCode() {
        SystemRequestDetails request = PROBE.planned(GRANULAR, Calls.search("Observation"));
        SearchPlanner planner = new SearchPlanner(new ReachPolicy(UserAccessPolicy.SERVER_WIDE));
        request.setParameters(Map.of("patient", new String[] {"Patient/A"}, "category", new String[] {"laboratory"}));
        SearchPlanner.Planned planned = planner.planTopLevel(request);
        Map<String, String[]> searched = planned.narrowedParameters().orElseThrow();
        assertEquals(List.of(CATEGORY + "|laboratory"), List.of(searched.get("category")));
        assertEquals(List.of("Patient/A"), List.of(searched.get("patient")));
        assertTrue(planned.plan().matchesInReach(), planned.plan().toString());

        // code is a token parameter too, but another code than the query's: both conditions stay.
        request.setParameters(Map.of("patient", new String[] {"Patient/A"}, "category", new String[] {"vital-signs"}));
        assertEquals(List.of("vital-signs", CATEGORY + "|laboratory"),
                List.of(planner.planTopLevel(request).narrowedParameters().orElseThrow().get("category")));
    }

    private static SearchPlan plan(Token token, Call call) {
        return EnforcementRequest.planOf(PROBE.planned(token, call)).orElseThrow();
    }

    private static Call other(String label, RestOperationTypeEnum operation, String url) {
        return Calls.call(label, operation, RequestTypeEnum.GET, url, null, null, Map.of(), List.of(), null,
                List.of());
    }

    private static Arguments count(Token token, String url, boolean exact) {
        return Arguments.of(token, Calls.search(url), exact);
    }

    private static Arguments row(Token token, String url, Expected expected) {
        return Arguments.of(token, Calls.search(url), expected);
    }
}
