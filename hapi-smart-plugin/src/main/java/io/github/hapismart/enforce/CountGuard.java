package io.github.hapismart.enforce;

import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Decides whether a request may ask for a count ({@code _summary=count} or {@code _total=accurate}): only where its
 * {@link SearchPlan} says the database's count is exactly what the grant may see. Elsewhere a per-resource check
 * would drop resources the database had counted, so the number would be wrong (and would tell the client how many
 * resources it may not see): refused with a 400 whose OperationOutcome says why.
 *
 * <p>HAPI's {@code ConsentInterceptor} refuses every count, since it cannot know whether its consent services drop
 * anything; {@link SmartConsentInterceptor} leaves that decision to this class for the requests it has planned.
 */
final class CountGuard {

    private CountGuard() {
    }

    /** The count parameter {@code parameters} asks for, as written ({@code _summary=count}), if any. */
    static Optional<String> askedCount(Map<String, String[]> parameters) {
        if (has(parameters, "_summary", "count")) {
            return Optional.of("_summary=count");
        }
        if (has(parameters, "_total", "accurate")) {
            return Optional.of("_total=accurate");
        }
        return Optional.empty();
    }

    /** {@code parameters} without the count parameters, for HAPI's consent check of a request this class allowed. */
    static Map<String, String[]> withoutCount(Map<String, String[]> parameters) {
        Map<String, String[]> result = new HashMap<>(parameters);
        result.remove("_summary");
        result.remove("_total");
        return result;
    }

    /**
     * Refuses a count that {@code plan} cannot vouch for. A search the grant may not make at all is left to the
     * authorization rules, whose 403 names the scope it lacks.
     */
    static void check(SearchPlan plan, Map<String, String[]> parameters) {
        Optional<String> asked = askedCount(parameters);
        if (asked.isEmpty() || plan.countIsExact()
                || plan.granularQuery().kind() == SearchRestriction.Kind.DENIED && plan.searchedType().isPresent()) {
            return;
        }
        throw new InvalidRequestException(asked.get() + " is refused for this token: " + reason(plan, parameters)
                + ", so a count would include resources the token may not see. Search without " + asked.get()
                + " and count the results instead.");
    }

    private static String reason(SearchPlan plan, Map<String, String[]> parameters) {
        if (plan.searchedType().isEmpty()) {
            return "only a search on one resource type can be counted, and this request's results are checked"
                    + " one by one";
        }
        String type = plan.searchedType().get();
        if (SearchPlanner.bringsInOtherResources(parameters)) {
            return "a search with _include, _revinclude, _contained or _query is checked resource by resource";
        }
        if (plan.granularQuery().kind() == SearchRestriction.Kind.UNNARROWABLE) {
            return "its granular scopes on " + type + " cannot be run as one search, so the results are filtered"
                    + " resource by resource";
        }
        return "its scopes reach " + type + " only partly and this search does not confine itself to that reach,"
                + " so the results are filtered resource by resource";
    }

    private static boolean has(Map<String, String[]> parameters, String name, String value) {
        String[] values = parameters.get(name);
        return values != null && Arrays.stream(values).anyMatch(v -> v != null && v.strip().equalsIgnoreCase(value));
    }
}
