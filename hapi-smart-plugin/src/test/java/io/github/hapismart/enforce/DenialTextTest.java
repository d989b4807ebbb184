package io.github.hapismart.enforce;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import io.github.hapismart.scope.AccessGrant;
import io.github.hapismart.scope.ScopeSet;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The words of an explained 403: the request's own type and interaction, the token's own scopes, nothing else. */
class DenialTextTest {

    private static AccessGrant patientGrant(String scopes) {
        return new AccessGrant("jti", "app", "alice", ScopeSet.parse(scopes), Optional.of("A"), Optional.empty(),
                Optional.empty(), Instant.EPOCH);
    }

    @Test
    void aCategorySearchNamesTheScopeAndTheCategoryThatWouldAllowIt() {
        String text = DenialText.explain(patientGrant("patient/Observation.rs?category=vital-signs"),
                RestOperationTypeEnum.SEARCH_TYPE, "Observation", null,
                Map.of("category", new String[] {"laboratory"}));
        assertEquals("Refused: search of Observation needs patient/Observation.s or a category scope that covers "
                + "laboratory; the token's scopes for Observation (patient/Observation.rs?category=vital-signs) do "
                + "not cover this request: patient/ scopes reach only the launch patient's compartment, and a scope "
                + "with a query only the resources that match it.", text);
    }

    @Test
    void aTypeTheTokenHasNoScopeForIsSaidSo() {
        assertEquals("Refused: read of Condition needs patient/Condition.r; the token has no scope for Condition.",
                DenialText.explain(patientGrant("patient/Observation.rs"), RestOperationTypeEnum.READ, "Condition",
                        null, Map.of()));
    }

    @Test
    void aWriteNamesTheWritePermission() {
        assertEquals("Refused: create of Observation needs user/Observation.c; the token's scopes for Observation "
                        + "(user/*.rs) do not cover this request: patient/ scopes reach only the launch patient's "
                        + "compartment, and a scope with a query only the resources that match it.",
                DenialText.explain(new AccessGrant("jti", "app", "bob", ScopeSet.parse("user/*.rs"), Optional.empty(),
                        Optional.empty(), Optional.of("Practitioner/p1"), Instant.EPOCH),
                        RestOperationTypeEnum.CREATE, "Observation", null, Map.of()));
    }
}
