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
    void noGrantMeansMetadataOnly() {
        assertEquals(List.of("smart:metadata", "smart:no-grant"), names(compiler.denyAll()));
    }
}
