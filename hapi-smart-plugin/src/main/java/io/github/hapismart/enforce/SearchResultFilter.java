package io.github.hapismart.enforce;

import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.interceptor.auth.IRuleApplier;
import ca.uhn.fhir.rest.server.interceptor.consent.ConsentOutcome;
import ca.uhn.fhir.rest.server.interceptor.consent.IConsentContextServices;
import ca.uhn.fhir.rest.server.interceptor.consent.IConsentService;
import ca.uhn.fhir.rest.server.interceptor.consent.RuleFilteringConsentService;
import java.util.Objects;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * Drops the resources of a search (or history, page, or operation response) that the authorization rules do not
 * allow, so a granular scope such as {@code Observation.rs?category=laboratory} yields the matching resources instead
 * of a 403 for the whole search. Reads by id are left to the authorization interceptor, which answers 403, not 404.
 * It acts in {@code STORAGE_PREACCESS_RESOURCES}, which HAPI JPA fires; a plain resource provider must fire it too.
 *
 * <p>Whether a request needs this is its {@link SearchPlan#checkEachResource()}, decided once by the planning hook;
 * an entry of a batch or transaction, which has no plan of its own, is planned here with
 * {@link SearchPlanner#planEntry}. A request that does not need it is marked authorized at its start, which skips
 * every consent step for it and lets HAPI JPA reuse a cached identical search. That never lets it see more: the
 * authorization interceptor still applies its rules to every resource of the response, and answers 403 if one is
 * outside the scopes.
 */
final class SearchResultFilter implements IConsentService {

    private final RuleFilteringConsentService rules;
    private final SearchPlanner planner;

    SearchResultFilter(IRuleApplier ruleApplier, SearchPlanner planner) {
        this.rules = new RuleFilteringConsentService(ruleApplier);
        this.planner = Objects.requireNonNull(planner, "planner");
    }

    @Override
    public ConsentOutcome startOperation(RequestDetails request, IConsentContextServices context) {
        return needsFiltering(request) ? ConsentOutcome.PROCEED : ConsentOutcome.AUTHORIZED;
    }

    @Override
    public boolean shouldProcessCanSeeResource(RequestDetails request, IConsentContextServices context) {
        return needsFiltering(request);
    }

    @Override
    public ConsentOutcome canSeeResource(RequestDetails request, IBaseResource resource,
                                         IConsentContextServices context) {
        return rules.canSeeResource(request, resource, context);
    }

    private boolean needsFiltering(RequestDetails request) {
        return EnforcementRequest.planOf(request)
                .orElseGet(() -> planner.planEntry(request))
                .checkEachResource();
    }
}
