package io.github.hapismart.hapi;

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

/** The compiler without a server: which named rules a grant produces. */
class ScopeRuleCompilerTest {

    private final ScopeRuleCompiler compiler = new ScopeRuleCompiler(UserAccessPolicy.SERVER_WIDE);

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
        assertEquals(Optional.of("A"), compiler.singlePatientBinding(grant("patient/Observation.rs patient/Condition.rs", "A", null)));
        assertEquals(Optional.of("A"), compiler.singlePatientBinding(grant("user/Observation.rs", null, "Patient/A")));
        assertEquals(Optional.empty(), compiler.singlePatientBinding(grant("patient/Observation.rs user/Observation.rs", "A", "Practitioner/p1")));
        assertEquals(Optional.empty(), compiler.singlePatientBinding(grant("system/Observation.rs", null, null)));
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
                compiler.searchRestriction(grant("patient/Condition.rs", "A", null), "Observation").kind());
        assertEquals(SearchRestriction.Kind.DENIED,
                compiler.searchRestriction(grant("patient/Observation.r", "A", null), "Observation").kind());
        assertEquals(SearchRestriction.UNRESTRICTED,
                compiler.searchRestriction(grant("patient/Observation.rs?" + lab + " patient/*.rs", "A", null),
                        "Observation"));
        SearchRestriction one = compiler.searchRestriction(grant("patient/Observation.rs?" + lab, "A", null),
                "Observation");
        assertTrue(one.isNarrowable());
        assertEquals(java.util.Map.of("category",
                List.of("http://terminology.hl7.org/CodeSystem/observation-category|laboratory")), one.parameters());
        SearchRestriction two = compiler.searchRestriction(
                grant("patient/Observation.rs?" + lab + " patient/Observation.rs?" + vitals, "A", null), "Observation");
        assertEquals(java.util.Map.of("category",
                List.of("http://terminology.hl7.org/CodeSystem/observation-category|laboratory,"
                        + "http://terminology.hl7.org/CodeSystem/observation-category|vital-signs")), two.parameters());
        assertEquals(SearchRestriction.UNNARROWABLE, compiler.searchRestriction(
                grant("patient/Observation.rs?" + lab + " patient/Observation.rs?code=1234-5", "A", null),
                "Observation"));
        assertEquals(SearchRestriction.UNNARROWABLE, compiler.searchRestriction(
                grant("patient/Observation.rs?" + lab + " patient/Observation.rs?" + vitals + "&status=final", "A",
                        null), "Observation"));
        assertEquals(SearchRestriction.UNNARROWABLE, compiler.searchRestriction(
                grant("patient/*.rs?" + lab, "A", null), "Observation"));
        // A query on another type does not restrict this one.
        assertEquals(SearchRestriction.UNRESTRICTED, compiler.searchRestriction(
                grant("patient/Condition.rs?category=x patient/Observation.rs", "A", null), "Observation"));
    }

    @Test
    void aNarrowedSearchStaysInReachOnlyWhenBoundToOnePatientOrServerWide() {
        assertTrue(compiler.narrowedSearchStaysInReach(grant("patient/*.rs", "A", null), "Observation", true));
        assertFalse(compiler.narrowedSearchStaysInReach(grant("patient/*.rs", "A", null), "Questionnaire", false));
        assertTrue(compiler.narrowedSearchStaysInReach(grant("patient/*.rs", "A", null), "Practitioner", false));
        assertFalse(compiler.narrowedSearchStaysInReach(grant("patient/*.rs", "A", null), "Group", true));
        assertTrue(compiler.narrowedSearchStaysInReach(grant("system/Observation.rs", null, null), "Observation",
                true));
        // One scope bound to A, one server-wide: narrowing cannot add A, so results may fall outside A's scope.
        assertFalse(compiler.narrowedSearchStaysInReach(
                grant("patient/Observation.rs?category=x user/Observation.rs", "A", "Practitioner/p1"),
                "Observation", true));
        ScopeRuleCompiler strict = new ScopeRuleCompiler((grant, scope) -> Reach.compartment("Practitioner", "p1"));
        assertFalse(strict.narrowedSearchStaysInReach(grant("user/Observation.rs", null, "Practitioner/p1"),
                "Observation", true));
    }
}
