package io.github.hapismart.enforce;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How the enforcement treats one request's search, decided once, right after the bearer check, by
 * {@link SearchPlanner} and kept under the single request key {@link EnforcementRequest#PLAN}. Every later hook reads
 * it instead of deciding again: HAPI's search narrowing ({@link #patientNarrowing}), the query narrowing
 * ({@link #addedQuery}), the rule testers ({@link #matchesSatisfyQuery}, {@link #matchesInReach}) and the result
 * filter ({@link #checkEachResource}).
 *
 * <p>Guarantee: the two shortcuts are only ever true for the main results of a top-level type search on
 * {@link #searchedType} that nothing else can enter (no {@code _include}, {@code _revinclude}, {@code _contained} or
 * named query); they let results skip a check that the database has already made, never a check it has not.
 *
 * @param searchedType        the type of a type search ({@code GET Observation?...}); empty for any other request
 * @param patientNarrowing    the patient HAPI's search narrowing adds to this request's searches (every resource
 *                            scope bound to this one patient); empty when it adds nothing
 * @param granularQuery       what the grant's scopes require of every result on {@link #searchedType}
 * @param addedQuery          the granular query parameters added to the search (name → values, AND-ed); empty if none
 * @param matchesSatisfyQuery the main results already match the grant's granular query (the database applied it)
 * @param matchesInReach      the main results are all in the grant's reach (the parameters the database runs confine
 *                            them), so they skip HAPI's per-resource compartment check
 * @param checkEachResource   the result filter must check each resource of the response against the rules and drop
 *                            those they do not allow; false lets HAPI skip every consent step (and reuse cached
 *                            searches), while the authorization interceptor still checks every resource
 */
record SearchPlan(
        Optional<String> searchedType,
        Optional<String> patientNarrowing,
        SearchRestriction granularQuery,
        Map<String, List<String>> addedQuery,
        boolean matchesSatisfyQuery,
        boolean matchesInReach,
        boolean checkEachResource) {

    SearchPlan {
        Objects.requireNonNull(searchedType, "searchedType");
        Objects.requireNonNull(patientNarrowing, "patientNarrowing");
        Objects.requireNonNull(granularQuery, "granularQuery");
        addedQuery = Map.copyOf(addedQuery);
        if ((matchesSatisfyQuery || matchesInReach) && searchedType.isEmpty()) {
            throw new IllegalArgumentException("only the results of a type search may skip a check");
        }
    }

    /** The plan of a request that is not a type search: no narrowing of its own, no shortcut. */
    static SearchPlan notATypeSearch(Optional<String> patientNarrowing, boolean checkEachResource) {
        return new SearchPlan(Optional.empty(), patientNarrowing, SearchRestriction.UNRESTRICTED, Map.of(), false,
                false, checkEachResource);
    }

    /** Whether the main results of a search on {@code type} skip the in-memory granular query match. */
    boolean satisfiesQueryFor(String type) {
        return matchesSatisfyQuery && searchedType.get().equals(type);
    }

    /**
     * Whether the database's count of this request's matches is exactly the number of resources the grant may see,
     * so {@code _summary=count} and {@code _total=accurate} may answer it: a type search whose matches are all in the
     * grant's reach and satisfy its granular query as the database runs it, and that no resource of the response is
     * dropped from one by one (a dropped resource would still be counted).
     */
    boolean countIsExact() {
        return searchedType.isPresent() && matchesInReach && !checkEachResource;
    }

    /** Whether the main results of a search on {@code type} are known to be in the grant's reach. */
    boolean inReachFor(String type) {
        return matchesInReach && searchedType.get().equals(type);
    }
}
