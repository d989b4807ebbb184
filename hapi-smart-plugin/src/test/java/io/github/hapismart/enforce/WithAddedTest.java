package io.github.hapismart.enforce;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link SearchPlanner#withAdded}: a granular query AND-ed into a search's parameters, each value once. */
class WithAddedTest {

    private static final String LAB = "http://terminology.hl7.org/CodeSystem/observation-category|laboratory";

    @Test
    void parametersThatAlreadyHoldTheQueryAreAnsweredAsTheyAre() {
        Map<String, String[]> parameters = Map.of("patient", new String[] {"A"}, "category", new String[] {LAB});
        assertSame(parameters, SearchPlanner.withAdded(parameters, Map.of("category", List.of(LAB))));
    }

    @Test
    void aMissingValueIsAddedBesideTheAskedOnes() {
        Map<String, String[]> parameters = Map.of("category", new String[] {"vital-signs," + LAB});
        Map<String, String[]> searched = SearchPlanner.withAdded(parameters, Map.of("category", List.of(LAB)));
        assertArrayEquals(new String[] {"vital-signs," + LAB, LAB}, searched.get("category"));
        assertEquals(1, searched.size());
    }

    @Test
    void aMissingParameterIsAdded() {
        Map<String, String[]> parameters = Map.of("patient", new String[] {"A"});
        Map<String, String[]> searched = SearchPlanner.withAdded(parameters, Map.of("category", List.of(LAB)));
        assertArrayEquals(new String[] {LAB}, searched.get("category"));
        assertArrayEquals(new String[] {"A"}, searched.get("patient"));
    }
}
