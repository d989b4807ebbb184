package io.github.hapismart.enforce;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * {@link SearchPlanner#withAdded}: a granular query AND-ed into a search's parameters, each value once, and a token's
 * {@code system|code} in place of the same bare code.
 */
class WithAddedTest {

    private static final String LAB = "http://terminology.hl7.org/CodeSystem/observation-category|laboratory";
    /** Observation's {@code category} is a token parameter. */
    private static final Predicate<String> TOKEN = "category"::equals;

    @Test
    void parametersThatAlreadyHoldTheQueryAreAnsweredAsTheyAre() {
        Map<String, String[]> parameters = Map.of("patient", new String[] {"A"}, "category", new String[] {LAB});
        assertSame(parameters, SearchPlanner.withAdded(parameters, Map.of("category", List.of(LAB)), TOKEN));
    }

    @Test
    void aMissingValueIsAddedBesideTheAskedOnes() {
        Map<String, String[]> parameters = Map.of("category", new String[] {"vital-signs," + LAB});
        Map<String, String[]> searched = SearchPlanner.withAdded(parameters, Map.of("category", List.of(LAB)), TOKEN);
        assertArrayEquals(new String[] {"vital-signs," + LAB, LAB}, searched.get("category"));
        assertEquals(1, searched.size());
    }

    @Test
    void aMissingParameterIsAdded() {
        Map<String, String[]> parameters = Map.of("patient", new String[] {"A"});
        Map<String, String[]> searched = SearchPlanner.withAdded(parameters, Map.of("category", List.of(LAB)), TOKEN);
        assertArrayEquals(new String[] {LAB}, searched.get("category"));
        assertArrayEquals(new String[] {"A"}, searched.get("patient"));
    }

    @Test
    void anAddedSystemAndCodeReplacesTheAskedBareCodeOfATokenParameter() {
        Map<String, String[]> parameters = Map.of("patient", new String[] {"A"},
                "category", new String[] {"laboratory"});
        Map<String, String[]> searched = SearchPlanner.withAdded(parameters, Map.of("category", List.of(LAB)), TOKEN);
        assertArrayEquals(new String[] {LAB}, searched.get("category"));
        assertArrayEquals(new String[] {"A"}, searched.get("patient"));
    }

    @Test
    void anotherCodeIsKeptBesideTheAddedOne() {
        Map<String, String[]> parameters = Map.of("category", new String[] {"vital-signs"});
        Map<String, String[]> searched = SearchPlanner.withAdded(parameters, Map.of("category", List.of(LAB)), TOKEN);
        assertArrayEquals(new String[] {"vital-signs", LAB}, searched.get("category"));
    }

    @Test
    void theBareCodeStaysWhereTheParameterIsNotAToken() {
        // A string parameter's "system|code" is no system at all: it does not imply the bare value.
        Map<String, String[]> parameters = Map.of("category", new String[] {"laboratory"});
        Map<String, String[]> searched = SearchPlanner.withAdded(parameters, Map.of("category", List.of(LAB)),
                name -> false);
        assertArrayEquals(new String[] {"laboratory", LAB}, searched.get("category"));
    }

    @Test
    void onlyAPlainSystemAndCodeImpliesABareCode() {
        List<String> asked = List.of("laboratory");
        assertEquals(0, SearchPlanner.impliedBareCode(asked, LAB));
        assertEquals(-1, SearchPlanner.impliedBareCode(asked, "|laboratory")); // explicitly without a system
        assertEquals(-1, SearchPlanner.impliedBareCode(asked, "laboratory"));
        assertEquals(-1, SearchPlanner.impliedBareCode(asked, "http://s|"));
        assertEquals(-1, SearchPlanner.impliedBareCode(asked, "http://s|laboratory,http://t|laboratory"));
        assertEquals(-1, SearchPlanner.impliedBareCode(asked, "http://s|a|laboratory"));
        assertEquals(-1, SearchPlanner.impliedBareCode(List.of("lab\\,oratory"), "http://s|lab\\,oratory"));
        assertEquals(-1, SearchPlanner.impliedBareCode(List.of("laboratory,vital-signs"), LAB));
        assertEquals(-1, SearchPlanner.impliedBareCode(List.of("Laboratory"), LAB));
    }
}
