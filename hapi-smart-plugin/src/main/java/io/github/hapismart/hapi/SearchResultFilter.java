package io.github.hapismart.hapi;

import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.interceptor.auth.IRuleApplier;
import ca.uhn.fhir.rest.server.interceptor.consent.ConsentOutcome;
import ca.uhn.fhir.rest.server.interceptor.consent.IConsentContextServices;
import ca.uhn.fhir.rest.server.interceptor.consent.IConsentService;
import ca.uhn.fhir.rest.server.interceptor.consent.RuleFilteringConsentService;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * Drops the resources of a search (or history, page, or operation response) that the authorization rules do not
 * allow, so a granular scope such as {@code Observation.rs?category=laboratory} yields the matching resources instead of
 * a 403 for the whole search. Reads by id are left to the authorization interceptor, which answers 403, not 404.
 * It acts in {@code STORAGE_PREACCESS_RESOURCES}, which HAPI JPA fires; a plain resource provider must fire it too.
 */
final class SearchResultFilter implements IConsentService {

    private final RuleFilteringConsentService rules;

    SearchResultFilter(IRuleApplier ruleApplier) {
        this.rules = new RuleFilteringConsentService(ruleApplier);
    }

    @Override
    public boolean shouldProcessCanSeeResource(RequestDetails request, IConsentContextServices context) {
        return SmartAuthorizationInterceptor.grantOf(request).isPresent()
                && OperationTester.SEARCH.operations().contains(request.getRestOperationType());
    }

    @Override
    public ConsentOutcome canSeeResource(RequestDetails request, IBaseResource resource,
                                         IConsentContextServices context) {
        return rules.canSeeResource(request, resource, context);
    }
}
