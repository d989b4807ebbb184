package io.github.hapismart.enforce;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.interceptor.auth.AuthorizedList;
import ca.uhn.fhir.rest.server.interceptor.auth.SearchNarrowingInterceptor;
import ca.uhn.fhir.rest.server.servlet.ServletRequestDetails;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import org.hl7.fhir.r4.model.Bundle;

/**
 * Plans and narrows each request's searches, once, right after the bearer check ({@link HookOrder#PLAN}): HAPI's
 * {@link SearchNarrowingInterceptor} adds the launch patient to searches of a token whose every resource scope is
 * bound to that one patient (so {@code GET Observation} answers with that patient's Observations instead of 403);
 * then the {@link SearchPlanner} computes the request's {@link SearchPlan}, whose granular query (when the grant's
 * queries on the searched type add up to one set of parameters) is added to a type search, so the database returns
 * only what the scopes allow; a count the plan cannot vouch for is refused here ({@link CountGuard}). Narrowing is a
 * convenience: {@link SmartAuthorizationInterceptor} still enforces access.
 *
 * <p>HAPI's narrowing runs as a private delegate, never registered itself, so its hooks fire once, at the orders
 * declared here. A top-level type search bound to one patient is narrowed by {@link CompartmentSearchNarrowing}
 * instead, to the same result at a fraction of the cost; every other request still goes through HAPI's hook. Reads
 * by id inside a batch or transaction ({@code GET Condition/123}) are kept out of its narrowing: HAPI rewrites every
 * GET entry as a search and drops the id, so {@code GET Patient/<other>} would answer with the launch patient's own
 * record. Left alone, such an entry is a plain read that the authorization rules allow or deny.
 */
@Interceptor
public final class SmartSearchNarrowingInterceptor {

    private static final Pattern READ_URL = Pattern.compile("^/?[A-Z][A-Za-z]+/[A-Za-z0-9\\-.]{1,64}(/_history/[^/?]+)?$");

    private final SearchPlanner planner;
    private final CompartmentNarrowing compartments;
    private final CompartmentSearchNarrowing typeSearches = new CompartmentSearchNarrowing();

    SmartSearchNarrowingInterceptor(SearchPlanner planner) {
        this.planner = Objects.requireNonNull(planner, "planner");
        this.compartments = new CompartmentNarrowing(planner);
    }

    /** A narrowing interceptor for {@code reachPolicy}'s reach. */
    public SmartSearchNarrowingInterceptor(ReachPolicy reachPolicy) {
        this(new SearchPlanner(reachPolicy));
    }

    /** Narrows the request's searches and attaches its plan; top-level requests only (entries have no such hook). */
    @Hook(value = Pointcut.SERVER_INCOMING_REQUEST_POST_PROCESSED, order = HookOrder.PLAN)
    public void planAndNarrow(RequestDetails request, HttpServletRequest servletRequest,
                              HttpServletResponse servletResponse) {
        if (request.isSubRequest() || EnforcementRequest.planOf(request).isPresent()) {
            return;
        }
        if (!narrowedTypeSearch(request)) {
            compartments.hookIncomingRequestPostProcessed(request, servletRequest, servletResponse);
        }
        SearchPlanner.Planned planned = planner.planTopLevel(request);
        planned.narrowedParameters().ifPresent(request::setParameters);
        SearchPlan plan = planned.plan();
        EnforcementRequest.attach(request, plan);
        CountGuard.check(plan, request.getParameters());
    }

    /**
     * Whether {@code request} is a type search narrowed here, with HAPI's result at a fraction of its cost (its
     * narrowing of one search costs more than the rest of the enforcement); other requests are left to HAPI.
     */
    private boolean narrowedTypeSearch(RequestDetails request) {
        return request.getRestOperationType() == RestOperationTypeEnum.SEARCH_TYPE
                && typeSearches.narrow(request, planner.patientNarrowing(request).orElse(null));
    }

    /** Narrows the searches inside a batch or transaction to the launch patient, leaving reads by id alone. */
    @Hook(value = Pointcut.SERVER_INCOMING_REQUEST_PRE_HANDLED, order = HookOrder.GUARD)
    public void narrowEntries(ServletRequestDetails request, HttpServletRequest servletRequest,
                              HttpServletResponse servletResponse) {
        if (request.isSubRequest()) {
            return;
        }
        List<Bundle.BundleEntryRequestComponent> reads = new ArrayList<>();
        if (request.getResource() instanceof Bundle bundle) {
            for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
                Bundle.BundleEntryRequestComponent entryRequest = entry.getRequest();
                if (entryRequest.getMethod() == Bundle.HTTPVerb.GET && entryRequest.hasUrl()
                        && READ_URL.matcher(entryRequest.getUrl()).matches()) {
                    reads.add(entryRequest);
                    entryRequest.setMethod(Bundle.HTTPVerb.HEAD); // hidden from HAPI's narrowing, restored below
                }
            }
        }
        try {
            compartments.hookIncomingRequestPreHandled(request, servletRequest, servletResponse);
        } finally {
            reads.forEach(entryRequest -> entryRequest.setMethod(Bundle.HTTPVerb.GET));
        }
    }

    /** HAPI's narrowing by compartment, fed with the plan's patient; called by the hooks above, never registered. */
    private static final class CompartmentNarrowing extends SearchNarrowingInterceptor {
        private final SearchPlanner planner;

        CompartmentNarrowing(SearchPlanner planner) {
            this.planner = planner;
        }

        @Override
        protected AuthorizedList buildAuthorizedList(RequestDetails requestDetails) {
            return planner.patientNarrowing(requestDetails)
                    .map(patient -> new AuthorizedList().addCompartment("Patient/" + patient))
                    .orElse(null);
        }
    }
}
