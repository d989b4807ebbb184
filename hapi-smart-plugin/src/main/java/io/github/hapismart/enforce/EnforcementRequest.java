package io.github.hapismart.enforce;

import ca.uhn.fhir.rest.api.server.RequestDetails;
import io.github.hapismart.scope.AccessGrant;
import java.util.Optional;

/**
 * The two things the enforcement keeps on a request: the verified {@link AccessGrant} (under
 * {@link AccessGrant#REQUEST_ATTRIBUTE}, put there by the bearer check) and the request's {@link SearchPlan} (under
 * {@link #PLAN}, put there once by the search planning hook). Nothing else coordinates the hooks.
 *
 * <p>The entries of a batch or transaction share their parent's user data; a plan therefore describes the top-level
 * request only, and {@link #planOf} answers nothing for a sub-request.
 */
final class EnforcementRequest {

    /** The one request user data key of the enforcement's own state. */
    static final String PLAN = SearchPlan.class.getName();

    private EnforcementRequest() {
    }

    /** The grant the bearer-token interceptor attached to {@code request}, if any. */
    static Optional<AccessGrant> grantOf(RequestDetails request) {
        return request.getUserData().get(AccessGrant.REQUEST_ATTRIBUTE) instanceof AccessGrant grant
                ? Optional.of(grant)
                : Optional.empty();
    }

    /** The plan of the top-level {@code request}, if the planning hook ran for it. */
    static Optional<SearchPlan> planOf(RequestDetails request) {
        return !request.isSubRequest() && request.getUserData().get(PLAN) instanceof SearchPlan plan
                ? Optional.of(plan)
                : Optional.empty();
    }

    /** Keeps {@code plan} on {@code request}; the first plan stays, so no hook can change what earlier ones read. */
    static void attach(RequestDetails request, SearchPlan plan) {
        request.getUserData().putIfAbsent(PLAN, plan);
    }
}
