package io.github.hapismart.scope;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ScopeSetTest {

    @Test
    void parseKeepsRequestOrderAndDropsDuplicates() {
        ScopeSet set = ScopeSet.parse("  openid patient/Observation.rs  fhirUser openid launch/patient ");
        assertEquals(List.of("openid", "patient/Observation.rs", "fhirUser", "launch/patient"), set.values());
        assertEquals("openid patient/Observation.rs fhirUser launch/patient", set.toString());
    }

    @Test
    void malformedAndUnknownScopesAreDropped() {
        ScopeSet set = ScopeSet.parse("openid patient/Observation.dus email launch/unknown patient/Condition.rs");
        assertEquals(List.of("openid", "patient/Condition.rs"), set.values());
    }

    @Test
    void v2LettersOutOfOrderAreDropped() {
        assertTrue(ScopeSet.parse("patient/Observation.sr").isEmpty());
    }

    @Test
    void allKnownNonResourceScopesAreKept() {
        String all = "openid profile fhirUser launch launch/patient launch/encounter offline_access online_access";
        assertEquals(all, ScopeSet.parse(all).toString());
    }

    @Test
    void emptyAndBlankParseToTheEmptySet() {
        assertEquals(ScopeSet.empty(), ScopeSet.parse(null));
        assertEquals(ScopeSet.empty(), ScopeSet.parse("   "));
        assertEquals("", ScopeSet.empty().toString());
    }

    @Test
    void ofDropsMalformedScopesToo() {
        assertEquals(List.of("openid"), ScopeSet.of(List.of("openid", "patient/Observation.rr")).values());
    }

    @Test
    void valuesAreImmutable() {
        ScopeSet set = ScopeSet.parse("openid");
        assertThrows(UnsupportedOperationException.class, () -> set.values().add("profile"));
    }

    @Test
    void containsIsExactStringMembership() {
        ScopeSet set = ScopeSet.parse("openid patient/Observation.read");
        assertTrue(set.contains("openid"));
        assertTrue(set.contains("patient/Observation.read"));
        assertFalse(set.contains("patient/Observation.rs"));
    }

    @Test
    void resourceScopesAreParsedInOrder() {
        ScopeSet set = ScopeSet.parse("openid patient/Observation.rs launch system/*.read");
        assertEquals(List.of("patient/Observation.rs", "system/*.read"),
                set.resourceScopes().stream().map(Scope::value).toList());
    }

    @Test
    void setsAreEqualWhenTheyHoldTheSameScopesInTheSameOrder() {
        ScopeSet set = ScopeSet.parse("openid patient/Observation.rs bogus");
        ScopeSet same = ScopeSet.of(List.of("openid", "patient/Observation.rs", "openid"));
        assertEquals(same, set);
        assertEquals(same.hashCode(), set.hashCode());
        assertNotEquals(ScopeSet.parse("patient/Observation.rs openid"), set);
        assertNotEquals(ScopeSet.parse("openid"), set);
    }

    @Test
    void narrowingKeepsRequestedScopesCoveredBySubset() {
        ScopeSet allowed = ScopeSet.parse("openid launch/patient patient/*.cruds");
        ScopeSet requested = ScopeSet.parse("openid fhirUser launch/patient patient/Observation.rs patient/Condition.read "
                + "user/Observation.rs");
        assertEquals("openid launch/patient patient/Observation.rs patient/Condition.read",
                requested.narrowTo(allowed).toString());
    }

    @Test
    void narrowingNeverWidens() {
        ScopeSet allowed = ScopeSet.parse("patient/*.cruds openid");
        ScopeSet requested = ScopeSet.parse("patient/Observation.r");
        ScopeSet narrowed = requested.narrowTo(allowed);
        assertEquals(requested, narrowed);
        assertFalse(narrowed.contains("patient/*.cruds"));
        assertFalse(narrowed.contains("openid"));
        assertEquals(ScopeSet.empty(), ScopeSet.parse("patient/*.rs").narrowTo(ScopeSet.parse("patient/Observation.rs")));
        assertEquals(ScopeSet.empty(), ScopeSet.parse("patient/Observation.rs")
                .narrowTo(ScopeSet.parse("patient/Observation.rs?category=x|laboratory")));
    }

    @Test
    void aGranularRequestIsCoveredByTheUnrestrictedScope() {
        ScopeSet requested = ScopeSet.parse("patient/Observation.rs?category=x|laboratory");
        assertEquals(requested, requested.narrowTo(ScopeSet.parse("patient/Observation.read")));
    }

    @Test
    void refreshWithNarrowerScopeIsCovered() {
        ScopeSet original = ScopeSet.parse("openid offline_access patient/*.rs");
        assertTrue(ScopeSet.parse("patient/Observation.r openid").isCoveredBy(original));
        assertFalse(ScopeSet.parse("patient/Observation.rs patient/Observation.c").isCoveredBy(original));
        assertFalse(ScopeSet.parse("profile").isCoveredBy(original));
        assertTrue(ScopeSet.empty().isCoveredBy(original));
    }

    @Test
    void retainKeepsOnlyChosenScopes() {
        ScopeSet set = ScopeSet.parse("openid patient/Observation.rs patient/Condition.rs");
        assertEquals("openid patient/Condition.rs",
                set.retain(List.of("patient/Condition.rs", "openid", "system/*.*")).toString());
    }

    @Test
    void plusAppendsWithoutDuplicates() {
        ScopeSet a = ScopeSet.parse("openid patient/Observation.rs");
        ScopeSet b = ScopeSet.parse("patient/Observation.rs launch/patient");
        assertEquals("openid patient/Observation.rs launch/patient", a.plus(b).toString());
    }
}
