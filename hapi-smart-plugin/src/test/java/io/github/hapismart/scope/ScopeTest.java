package io.github.hapismart.scope;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.hapismart.scope.Scope.Context;
import io.github.hapismart.scope.Scope.Permission;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class ScopeTest {

    private static Scope scope(String value) {
        return Scope.parse(value).orElseThrow(() -> new AssertionError("not parsed: " + value));
    }

    @Test
    void v1ReadMapsToReadAndSearch() {
        Scope s = scope("patient/Observation.read");
        assertEquals(EnumSet.of(Permission.R, Permission.S), s.permissions());
        assertEquals("rs", s.permissionLetters());
        assertTrue(s.v1());
        assertEquals(Context.PATIENT, s.context());
        assertEquals("Observation", s.resourceType());
        assertEquals("patient/Observation.read", s.value());
    }

    @Test
    void v1WriteMapsToCreateUpdateDelete() {
        assertEquals("cud", scope("user/Condition.write").permissionLetters());
    }

    @Test
    void v1StarMapsToAllPermissions() {
        Scope s = scope("system/*.*");
        assertEquals("cruds", s.permissionLetters());
        assertTrue(s.isWildcard());
        assertEquals(Context.SYSTEM, s.context());
    }

    @Test
    void v2LettersInOrderAreParsed() {
        Scope s = scope("patient/Observation.cud");
        assertEquals(EnumSet.of(Permission.C, Permission.U, Permission.D), s.permissions());
        assertFalse(s.v1());
    }

    @ParameterizedTest
    @ValueSource(strings = {"patient/Observation.dus", "patient/Observation.sr", "patient/Observation.rr",
            "patient/Observation.x", "patient/Observation.", "patient/Observation.r*", "patient/Observation.crudsx"})
    void v2LettersOutOfOrderOrUnknownAreMalformed(String value) {
        assertTrue(Scope.parse(value).isEmpty(), value);
    }

    @ParameterizedTest
    @ValueSource(strings = {"encounter/Observation.rs", "patient/observation.rs", "patient/Observation", "Observation.rs",
            "patient/Obs-ervation.rs", "patient//Observation.rs", "patient/Observation.rs?", "patient/Observation.rs?category",
            "patient/Observation.rs?=x", "patient/Observation.rs?category="})
    void malformedScopesAreRejected(String value) {
        assertTrue(Scope.parse(value).isEmpty(), value);
    }

    @Test
    void granularCategoryScopeIsParsed() {
        Scope s = scope("patient/Observation.rs?category=http://terminology.hl7.org/CodeSystem/observation-category|laboratory");
        assertEquals(Map.of("category",
                List.of("http://terminology.hl7.org/CodeSystem/observation-category|laboratory")), s.query());
        assertEquals("category=http://terminology.hl7.org/CodeSystem/observation-category|laboratory", s.queryString());
        assertTrue(s.hasQuery());
    }

    @Test
    void granularQueryWithSeveralParametersKeepsEachValue() {
        Scope s = scope("user/Observation.s?category=a|b&code=c|d&category=e|f");
        assertEquals(List.of("a|b", "e|f"), s.query().get("category"));
        assertEquals(List.of("c|d"), s.query().get("code"));
    }

    @Test
    void queryIsOnlyAllowedForV2() {
        assertTrue(Scope.parse("patient/Observation.read?category=laboratory").isEmpty());
    }

    @Test
    void coverageNeedsSameContextTypeAndSupersetOfPermissions() {
        Scope all = scope("patient/*.rs");
        assertTrue(all.covers(scope("patient/Observation.r")));
        assertTrue(all.covers(scope("patient/Observation.read")));
        assertFalse(all.covers(scope("user/Observation.r")));
        assertFalse(all.covers(scope("patient/Observation.c")));
        assertFalse(scope("patient/Condition.rs").covers(scope("patient/Observation.rs")));
    }

    @Test
    void aQueryScopeCoversOnlyTheSameQuery() {
        Scope lab = scope("patient/Observation.rs?category=x|laboratory");
        assertTrue(scope("patient/Observation.rs").covers(lab));
        assertTrue(lab.covers(scope("patient/Observation.s?category=x|laboratory")));
        assertFalse(lab.covers(scope("patient/Observation.rs")));
        assertFalse(lab.covers(scope("patient/Observation.rs?category=x|vital-signs")));
    }
}
