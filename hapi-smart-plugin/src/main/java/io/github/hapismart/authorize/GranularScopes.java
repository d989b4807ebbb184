package io.github.hapismart.authorize;

import io.github.hapismart.scope.Scope;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The finer-grained US Core category scopes the consent page offers under a resource-level Condition or
 * Observation scope (ONC g(10) granular scope selection): same context and permission letters, one
 * {@code ?category=system|code} each, in SMART v2 syntax even when the request used v1 {@code .read}.
 */
final class GranularScopes {

    /** One category: its token ({@code system|code}) and a human label. */
    record Category(String token, String label) {
    }

    private static final String CONDITION = "http://terminology.hl7.org/CodeSystem/condition-category|";
    private static final String US_CORE_CONDITION = "http://hl7.org/fhir/us/core/CodeSystem/condition-category|";
    private static final String OBSERVATION = "http://terminology.hl7.org/CodeSystem/observation-category|";
    private static final String US_CORE_CATEGORY = "http://hl7.org/fhir/us/core/CodeSystem/us-core-category|";

    private static final Map<String, List<Category>> CATEGORIES = Map.of(
            "Condition", List.of(
                    new Category(CONDITION + "encounter-diagnosis", "Encounter diagnoses"),
                    new Category(CONDITION + "problem-list-item", "Problem list"),
                    new Category(US_CORE_CONDITION + "health-concern", "Health concerns")),
            "Observation", List.of(
                    new Category(US_CORE_CATEGORY + "clinical-test", "Clinical tests"),
                    new Category(OBSERVATION + "laboratory", "Laboratory results"),
                    new Category(OBSERVATION + "social-history", "Social history"),
                    new Category(OBSERVATION + "survey", "Surveys"),
                    new Category(OBSERVATION + "vital-signs", "Vital signs"),
                    new Category(US_CORE_CATEGORY + "sdoh", "Social determinants of health (SDOH)")));

    private GranularScopes() {
    }

    /** Granular scope string → label, for a requested resource-level scope; empty for any other scope. */
    static Map<String, String> offeredFor(Scope requested) {
        Map<String, String> offered = new LinkedHashMap<>();
        if (requested.hasQuery() || !CATEGORIES.containsKey(requested.resourceType())) {
            return offered;
        }
        String prefix = requested.context().prefix() + "/" + requested.resourceType() + "."
                + requested.permissionLetters() + "?category=";
        CATEGORIES.get(requested.resourceType()).forEach(c -> offered.put(prefix + c.token(), c.label()));
        return offered;
    }
}
