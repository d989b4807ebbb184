package io.github.hapismart.hapi;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.RuntimeResourceDefinition;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.interceptor.auth.IRuleApplier;
import ca.uhn.fhir.rest.server.interceptor.consent.ConsentOutcome;
import ca.uhn.fhir.rest.server.interceptor.consent.IConsentContextServices;
import ca.uhn.fhir.rest.server.interceptor.consent.IConsentService;
import ca.uhn.fhir.rest.server.interceptor.consent.RuleFilteringConsentService;
import io.github.hapismart.scope.AccessGrant;
import java.util.Optional;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * Drops the resources of a search (or history, page, or operation response) that the authorization rules do not
 * allow, so a granular scope such as {@code Observation.rs?category=laboratory} yields the matching resources instead of
 * a 403 for the whole search. Reads by id are left to the authorization interceptor, which answers 403, not 404.
 * It acts in {@code STORAGE_PREACCESS_RESOURCES}, which HAPI JPA fires; a plain resource provider must fire it too.
 *
 * <p>A request that cannot return a resource the rules do not allow is marked authorized at its start, which skips
 * every consent step for it and lets HAPI JPA reuse a cached identical search: a type search without
 * {@code _include}/{@code _revinclude} (or {@code _contained}, or a named query) whose narrowing (to the launch patient and to the scopes' granular query,
 * see {@link ScopeRuleCompiler#searchRestriction}) keeps it within the grant's reach, and every request that is not a
 * search, batch or transaction. Marking a request authorized here never lets it see more: the authorization interceptor still applies its rules
 * to every resource of the response (see {@link InReachSearchResultTester} for the main results of a search confined
 * to the grant's reach), and answers 403 if one is outside the scopes.
 */
final class SearchResultFilter implements IConsentService {

    /**
     * Request user data key of a request's {@link #needsFiltering} answer, decided once at its start. The entries of a
     * batch share their parent's user data, so only a top-level request's answer is kept there.
     */
    private static final String DECISION = SearchResultFilter.class.getName() + ".needsFiltering";

    private final RuleFilteringConsentService rules;
    private final ScopeRuleCompiler compiler;

    SearchResultFilter(IRuleApplier ruleApplier, ScopeRuleCompiler compiler) {
        this.rules = new RuleFilteringConsentService(ruleApplier);
        this.compiler = compiler;
    }

    @Override
    public ConsentOutcome startOperation(RequestDetails request, IConsentContextServices context) {
        boolean filter = needsFiltering(request);
        if (!request.isSubRequest()) {
            request.getUserData().put(DECISION, filter);
        }
        return filter ? ConsentOutcome.PROCEED : ConsentOutcome.AUTHORIZED;
    }

    @Override
    public boolean shouldProcessCanSeeResource(RequestDetails request, IConsentContextServices context) {
        if (!request.isSubRequest() && request.getUserData().get(DECISION) instanceof Boolean decided) {
            return decided;
        }
        return needsFiltering(request);
    }

    @Override
    public ConsentOutcome canSeeResource(RequestDetails request, IBaseResource resource,
                                         IConsentContextServices context) {
        return rules.canSeeResource(request, resource, context);
    }

    private boolean needsFiltering(RequestDetails request) {
        Optional<AccessGrant> grant = SmartAuthorizationInterceptor.grantOf(request);
        RestOperationTypeEnum operation = request.getRestOperationType();
        if (grant.isEmpty()) {
            return false;
        }
        if (operation == RestOperationTypeEnum.TRANSACTION || operation == RestOperationTypeEnum.BATCH) {
            return true; // the searches inside a batch are filtered as before
        }
        if (!OperationTester.SEARCH.operations().contains(operation)) {
            return false;
        }
        if (operation != RestOperationTypeEnum.SEARCH_TYPE || request.getResourceName() == null
                || SmartSearchNarrowingInterceptor.bringsInOtherResources(request)) {
            return true;
        }
        String type = request.getResourceName();
        SearchRestriction restriction = compiler.searchRestriction(grant.get(), type);
        return switch (restriction.kind()) {
            case DENIED -> false;
            case UNNARROWABLE -> true;
            case UNRESTRICTED ->
                    !compiler.narrowedSearchStaysInReach(grant.get(), type, inPatientCompartment(request, type));
            // Narrowable, but only a search the narrowing interceptor actually narrowed is safe to leave unfiltered
            // (the searches inside a batch are not narrowed by the granular query).
            case NARROWABLE -> !type.equals(request.getUserData().get(GranularQueryTester.NARROWED_TYPE))
                    || !compiler.narrowedSearchStaysInReach(grant.get(), type, inPatientCompartment(request, type));
        };
    }

    private static boolean inPatientCompartment(RequestDetails request, String type) {
        FhirContext fhir = request.getFhirContext();
        RuntimeResourceDefinition definition = fhir == null ? null : fhir.getResourceDefinition(type);
        return definition != null && !definition.getSearchParamsForCompartmentName("Patient").isEmpty();
    }
}
