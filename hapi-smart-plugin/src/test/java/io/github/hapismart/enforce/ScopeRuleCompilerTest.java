package io.github.hapismart.enforce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.rest.server.interceptor.auth.IAuthRule;
import io.github.hapismart.scope.AccessGrant;
import io.github.hapismart.scope.ScopeSet;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The compiler and the grant reach without a server: which named rules a grant produces, and how far it reaches. */
class ScopeRuleCompilerTest {

    private final ScopeRuleCompiler compiler = new ScopeRuleCompiler(UserAccessPolicy.SERVER_WIDE);
    private final ReachPolicy reaches = new ReachPolicy(UserAccessPolicy.SERVER_WIDE);

    private GrantReach reach(String scopes, String patient, String fhirUser) {
        return reaches.reachOf(grant(scopes, patient, fhirUser));
    }

    private static AccessGrant grant(String scopes, String patient, String fhirUser) {
        return new AccessGrant("jti", "app", "alice", ScopeSet.parse(scopes), Optional.ofNullable(patient),
                Optional.empty(), Optional.ofNullable(fhirUser), Instant.EPOCH);
    }

    private static List<String> names(List<IAuthRule> rules) {
        return rules.stream().map(IAuthRule::getName).toList();
    }

    @Test
    void everyRuleIsNamedAfterItsScopeAndTheListEndsInDefaultDeny() {
        List<String> names = names(compiler.compile(grant("openid patient/Observation.rs", "A", null)));
        assertEquals("smart:metadata", names.get(0));
        assertTrue(names.contains("smart:patient/Observation.rs"));
        assertEquals("smart:default-deny", names.get(names.size() - 1));
    }

    @Test
    void patientReadScopeAllowsEverythingOnTheOwnPatientAndPatientExport() {
        List<String> names = names(compiler.compile(grant("patient/Observation.rs", "A", null)));
        assertTrue(names.contains("smart:patient/Observation.rs $everything"));
        assertTrue(names.contains("smart:patient bulk export"));
        assertTrue(names.contains("smart:transaction"));
    }

    @Test
    void updateScopeAddsAPatchRule() {
        List<String> names = names(compiler.compile(grant("patient/Observation.u", "A", null)));
        assertEquals(2, names.stream().filter("smart:patient/Observation.u"::equals).count());
        assertFalse(names.contains("smart:patient bulk export"));
    }

    @Test
    void patientScopeWithoutALaunchPatientCompilesToDenyOnly() {
        assertEquals(List.of("smart:metadata", "smart:default-deny"),
                names(compiler.compile(grant("patient/*.rs", null, null))));
    }

    @Test
    void systemReadScopesAllowBulkExportButUserScopesDoNot() {
        assertTrue(names(compiler.compile(grant("system/Observation.rs", null, null)))
                .contains("smart:system bulk export"));
        assertFalse(names(compiler.compile(grant("user/*.rs", null, "Practitioner/p1")))
                .stream().anyMatch(n -> n.contains("bulk export")));
    }

    @Test
    void aRestrictiveUserPolicyLeavesPractitionersWithNothing() {
        ScopeRuleCompiler strict = new ScopeRuleCompiler(UserAccessPolicy.NOTHING);
        assertEquals(List.of("smart:metadata", "smart:default-deny"),
                names(strict.compile(grant("user/Observation.rs", null, "Practitioner/p1"))));
        assertTrue(names(strict.compile(grant("user/Observation.rs", null, "Patient/A")))
                .contains("smart:user/Observation.rs"));
    }

    @Test
    void searchNarrowsOnlyWhenEveryScopeIsBoundToOnePatient() {
        assertEquals(Optional.of("A"), reach("patient/Observation.rs patient/Condition.rs", "A", null).singlePatientBinding());
        assertEquals(Optional.of("A"), reach("user/Observation.rs", null, "Patient/A").singlePatientBinding());
        assertEquals(Optional.empty(), reach("patient/Observation.rs user/Observation.rs", "A", "Practitioner/p1").singlePatientBinding());
        assertEquals(Optional.empty(), reach("system/Observation.rs", null, null).singlePatientBinding());
    }

    @Test
    void theInReachSearchResultRuleComesAfterTheGroupDenyAndBeforeEveryScopeRule() {
        List<String> names = names(compiler.compile(grant("patient/*.rs", "A", null)));
        assertEquals(List.of("smart:metadata", "smart:group-policy", "smart:in-reach-search-results",
                "smart:patient/*.rs"), names.subList(0, 4));
        assertEquals("smart:in-reach-search-results",
                names(compiler.compile(grant("system/Observation.rs", null, null))).get(1));
    }

    @Test
    void outsideTypeSearchesTheRulesAreTheSameButTheInReachRule() {
        List<IAuthRule> all = compiler.compile(grant("patient/*.rs", "A", null));
        List<IAuthRule> outside = ScopeRuleCompiler.outsideTypeSearches(all);
        List<IAuthRule> expected = new java.util.ArrayList<>(all);
        expected.remove(2);
        assertEquals(expected, outside);
        assertEquals(List.of("smart:metadata", "smart:group-policy", "smart:patient/*.rs"), names(outside).subList(0, 3));
    }

    @Test
    void noGrantMeansMetadataOnly() {
        assertEquals(List.of("smart:metadata", "smart:no-grant"), names(compiler.denyAll()));
    }

    @Test
    void patientBoundGrantsReachingGroupsGetTheGroupDenyRuleFirst() {
        List<String> names = names(compiler.compile(grant("patient/*.rs", "A", null)));
        assertEquals("smart:group-policy", names.get(1));
        assertTrue(names(compiler.compile(grant("patient/Group.rs", "A", null))).contains("smart:group-policy"));
        assertFalse(names(compiler.compile(grant("patient/Observation.rs", "A", null))).contains("smart:group-policy"));
        assertFalse(names(compiler.compile(grant("system/*.rs", null, null))).contains("smart:group-policy"));
        assertFalse(names(compiler.compile(grant("patient/*.rs system/Group.rs", "A", null)))
                .contains("smart:group-policy"));
    }

    @Test
    void searchRestrictionIsTheScopesQueryWhenEveryScopeForTheTypeHasOne() {
        String lab = "category=http://terminology.hl7.org/CodeSystem/observation-category|laboratory";
        String vitals = "category=http://terminology.hl7.org/CodeSystem/observation-category|vital-signs";
        assertEquals(SearchRestriction.Kind.DENIED,
                searchRestriction(grant("patient/Condition.rs", "A", null), "Observation").kind());
        assertEquals(SearchRestriction.Kind.DENIED,
                searchRestriction(grant("patient/Observation.r", "A", null), "Observation").kind());
        assertEquals(SearchRestriction.UNRESTRICTED,
                searchRestriction(grant("patient/Observation.rs?" + lab + " patient/*.rs", "A", null),
                        "Observation"));
        SearchRestriction one = searchRestriction(grant("patient/Observation.rs?" + lab, "A", null),
                "Observation");
        assertTrue(one.isNarrowable());
        assertEquals(java.util.Map.of("category",
                List.of("http://terminology.hl7.org/CodeSystem/observation-category|laboratory")), one.parameters());
        SearchRestriction two = searchRestriction(
                grant("patient/Observation.rs?" + lab + " patient/Observation.rs?" + vitals, "A", null), "Observation");
        assertEquals(java.util.Map.of("category",
                List.of("http://terminology.hl7.org/CodeSystem/observation-category|laboratory,"
                        + "http://terminology.hl7.org/CodeSystem/observation-category|vital-signs")), two.parameters());
        assertEquals(SearchRestriction.UNNARROWABLE, searchRestriction(
                grant("patient/Observation.rs?" + lab + " patient/Observation.rs?code=1234-5", "A", null),
                "Observation"));
        assertEquals(SearchRestriction.UNNARROWABLE, searchRestriction(
                grant("patient/Observation.rs?" + lab + " patient/Observation.rs?" + vitals + "&status=final", "A",
                        null), "Observation"));
        assertEquals(SearchRestriction.UNNARROWABLE, searchRestriction(
                grant("patient/*.rs?" + lab, "A", null), "Observation"));
        // A query on another type does not restrict this one.
        assertEquals(SearchRestriction.UNRESTRICTED, searchRestriction(
                grant("patient/Condition.rs?category=x patient/Observation.rs", "A", null), "Observation"));
    }

    @Test
    void aNarrowedSearchStaysInReachOnlyWhenBoundToOnePatientOrServerWide() {
        assertTrue(narrowedSearchStaysInReach(grant("patient/*.rs", "A", null), "Observation", true));
        assertFalse(narrowedSearchStaysInReach(grant("patient/*.rs", "A", null), "Questionnaire", false));
        assertTrue(narrowedSearchStaysInReach(grant("patient/*.rs", "A", null), "Practitioner", false));
        assertFalse(narrowedSearchStaysInReach(grant("patient/*.rs", "A", null), "Group", true));
        assertTrue(narrowedSearchStaysInReach(grant("system/Observation.rs", null, null), "Observation",
                true));
        // One scope bound to A, one server-wide: narrowing cannot add A, so results may fall outside A's scope.
        assertFalse(narrowedSearchStaysInReach(
                grant("patient/Observation.rs?category=x user/Observation.rs", "A", "Practitioner/p1"),
                "Observation", true));
        ReachPolicy strict = new ReachPolicy((grant, scope) -> Reach.compartment("Practitioner", "p1"));
        assertFalse(strict.reachOf(grant("user/Observation.rs", null, "Practitioner/p1"))
                .narrowedSearchStaysInReach("Observation", true));
    }

    private SearchRestriction searchRestriction(AccessGrant grant, String type) {
        return reaches.reachOf(grant).searchRestriction(type);
    }

    private boolean narrowedSearchStaysInReach(AccessGrant grant, String type, boolean inCompartment) {
        return reaches.reachOf(grant).narrowedSearchStaysInReach(type, inCompartment);
    }
}
