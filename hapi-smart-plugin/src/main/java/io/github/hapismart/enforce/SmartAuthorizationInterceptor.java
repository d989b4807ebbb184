package io.github.hapismart.enforce;

import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.IPreResourceShowDetails;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.interceptor.auth.AuthorizationInterceptor;
import ca.uhn.fhir.rest.server.interceptor.auth.IAuthRule;
import ca.uhn.fhir.rest.server.interceptor.auth.PolicyEnum;
import io.github.hapismart.scope.AccessGrant;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBaseBundle;
import org.hl7.fhir.instance.model.api.IBaseParameters;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IIdType;

/**
 * HAPI's {@link AuthorizationInterceptor} driven by the request's {@link AccessGrant}: the grant's scopes compile to
 * rules with default deny. The compiled rules are kept per grant instance (the token verifier hands out one instance
 * per token) with the grant's reach in the {@link SearchPlanner}'s bounded cache with weak keys, so a token's requests
 * after the first reuse them. A request without a grant may only read the CapabilityStatement (the
 * bearer-token interceptor has already answered 401 to anything else, so this is a second lock, not the first).
 * Its hooks run at HAPI's own order for this class ({@link HookOrder#AUTHORIZE}).
 *
 * <p>One change to HAPI's own hooks, in cost only: an outgoing search, history or page Bundle has its resources found
 * by {@link OutgoingBundleResources} instead of HAPI's walk of every element, when that class can vouch that the list
 * is the one HAPI's walk finds; every resource on it is then checked against the rules exactly as HAPI checks it.
 */
public class SmartAuthorizationInterceptor extends AuthorizationInterceptor {

    private final ScopeRuleCompiler compiler;
    private final SearchPlanner planner;
    private final List<IAuthRule> denyAll;

    public SmartAuthorizationInterceptor(ScopeRuleCompiler compiler) {
        this(compiler, new SearchPlanner(compiler.reachPolicy()));
    }

    /** Rules kept by {@code planner} with each grant's reach, which the search planning hook looks up anyway. */
    SmartAuthorizationInterceptor(ScopeRuleCompiler compiler, SearchPlanner planner) {
        super(PolicyEnum.DENY);
        this.compiler = Objects.requireNonNull(compiler, "compiler");
        this.planner = Objects.requireNonNull(planner, "planner");
        this.denyAll = List.copyOf(compiler.denyAll());
    }

    /** The operations whose Bundle HAPI checks entry by entry, and which only read (HAPI's direction OUT). */
    private static final Set<RestOperationTypeEnum> READ_BUNDLES = Set.of(RestOperationTypeEnum.SEARCH_TYPE,
            RestOperationTypeEnum.SEARCH_SYSTEM, RestOperationTypeEnum.GET_PAGE, RestOperationTypeEnum.HISTORY_TYPE,
            RestOperationTypeEnum.HISTORY_INSTANCE, RestOperationTypeEnum.HISTORY_SYSTEM);

    /**
     * HAPI's check of the outgoing response, with the resources of a plain search, history or page Bundle found
     * without HAPI's element walk. Each is checked as HAPI's {@code applyRulesAndFailIfDeny} does (the first that the
     * rules do not allow ends the request through {@link #handleDeny}); anything else goes to HAPI unchanged.
     */
    @Override
    public void hookOutgoingResponse(RequestDetails request, IBaseResource response, Pointcut pointcut) {
        RestOperationTypeEnum operation = request.getRestOperationType();
        List<IBaseResource> resources = READ_BUNDLES.contains(operation) ? OutgoingBundleResources.of(response) : null;
        if (resources == null) {
            super.hookOutgoingResponse(request, response, pointcut);
            return;
        }
        for (IBaseResource resource : resources) {
            Verdict verdict = applyRulesAndReturnDecision(operation, request, null, null, resource, pointcut);
            if (verdict.getDecision() != PolicyEnum.ALLOW) {
                handleDeny(request, verdict);
            }
        }
    }

    /**
     * HAPI's check of the resources about to be shown, skipped when every one of them is a main result of a type search
     * whose plan keeps its matches in the grant's reach: the rules would allow each ({@link
     * #applyRulesAndReturnDecision} takes that decision without them) and HAPI's check of them has no other effect on
     * a search, whose response is a new Bundle. A Bundle or Parameters result is still checked, as HAPI checks the
     * resources inside it.
     */
    @Override
    public void hookPreShow(RequestDetails request, IPreResourceShowDetails details, Pointcut pointcut) {
        if (!allMainResultsInReach(request, details)) {
            super.hookPreShow(request, details, pointcut);
        }
    }

    /** Whether every resource shown is of the searched type of a search kept in reach (the plan asked once). */
    private static boolean allMainResultsInReach(RequestDetails request, IPreResourceShowDetails details) {
        if (request == null || !InReachSearchResultTester.isSearchInReach(request)) {
            return false;
        }
        String type = request.getResourceName();
        for (int i = 0; i < details.size(); i++) {
            IBaseResource resource = details.getResource(i);
            if (resource instanceof IBaseBundle || resource instanceof IBaseParameters
                    || (resource != null && !type.equals(resource.fhirType()))) {
                return false;
            }
        }
        return true;
    }

    /**
     * HAPI's decision, except that reading a Patient the grant reads as its compartment's owner
     * ({@link SearchPlanner#readsAsOwner}) is allowed without asking the rules in turn: the read by id on the way in,
     * and the Patient shown on the way out. Those rules would allow it: the owner's own rule matches it on the id
     * alone, every rule before it allows or concerns only Groups, and HAPI's decision is the first rule's that
     * matches. {@code OwnerReadTest} compares the two decisions on every kind of read, grant and id.
     *
     * <p>Likewise the incoming check of a type search that the plan confined to the grant's reach
     * ({@link #searchConfinedToReach}): the rules' walk of the narrowed parameters would allow it; and each of its
     * main results, which the rules would allow by {@link ScopeRuleCompiler#IN_REACH_RULE}, the first rule that
     * decides them (the rules before it concern the CapabilityStatement and Groups outside the grant's reach, which
     * no search in reach returns). {@code SearchInReachTest} compares both with HAPI's decisions.
     */
    @Override
    public Verdict applyRulesAndReturnDecision(RestOperationTypeEnum operation, RequestDetails request,
                                               IBaseResource inputResource, IIdType inputResourceId,
                                               IBaseResource outputResource, Pointcut pointcut) {
        if ((operation == RestOperationTypeEnum.READ || operation == RestOperationTypeEnum.VREAD)
                && inputResource == null && readsOwnPatient(request, inputResourceId, outputResource)) {
            return ALLOWED_WITHOUT_RULES;
        }
        if (operation == RestOperationTypeEnum.SEARCH_TYPE && inputResource == null && inputResourceId == null
                && (outputResource == null
                        ? pointcut == Pointcut.SERVER_INCOMING_REQUEST_PRE_HANDLED && searchConfinedToReach(request)
                        : InReachSearchResultTester.isMainResultInReach(request, outputResource))) {
            return ALLOWED_WITHOUT_RULES;
        }
        return super.applyRulesAndReturnDecision(operation, request, inputResource, inputResourceId, outputResource,
                pointcut);
    }

    /**
     * The decision on an owner's read and on a search kept in reach; it names no rule, as HAPI reads the deciding rule
     * only to name it in a refusal.
     */
    private static final Verdict ALLOWED_WITHOUT_RULES = new Verdict(PolicyEnum.ALLOW, null);

    /**
     * Whether {@code request} is a top-level type search whose plan says that the parameters the database runs
     * confine every match to the grant's reach ({@link SearchPlan#inReachFor}), on a type other than Patient (HAPI
     * decides a Patient search by its {@code _id} alone) and with a granular query matcher (without one HAPI's filter
     * rules fail closed). The rules would allow its incoming check: a scope that reaches server-wide matches the type
     * with any id, and a scope bound to one patient matches a compartment parameter naming that patient, which the
     * plan requires of every alternative where HAPI asks it of one. {@code SearchInReachTest} compares the two
     * decisions on every grant, type and parameter set it holds.
     */
    private boolean searchConfinedToReach(RequestDetails request) {
        return !"Patient".equals(request.getResourceName()) && getSearchParamMatcher() != null
                && InReachSearchResultTester.isSearchInReach(request);
    }

    /**
     * Whether this is the read of a Patient by id ({@code id}, on the way in) or the Patient read ({@code shown}, on
     * the way out) that the request's grant reads as its compartment's owner. The id is compared as HAPI's rule
     * compares it: resource type and id part, without server base or version.
     */
    private boolean readsOwnPatient(RequestDetails request, IIdType id, IBaseResource shown) {
        String patientId;
        if (shown == null) {
            if (id == null || !"Patient".equals(id.getResourceType())) {
                return false;
            }
            patientId = id.getIdPart();
        } else {
            if (id != null || !"Patient".equals(shown.fhirType())) {
                return false;
            }
            patientId = shown.getIdElement().getIdPart();
        }
        AccessGrant grant = patientId == null ? null : EnforcementRequest.grantOf(request).orElse(null);
        return grant != null && planner.readsAsOwner(request, grant, patientId);
    }

    @Override
    public List<IAuthRule> buildRuleList(RequestDetails requestDetails) {
        AccessGrant grant = EnforcementRequest.grantOf(requestDetails).orElse(null);
        if (grant == null) {
            return denyAll;
        }
        // HAPI keeps the list on the request after this first call; the planner keeps it with the grant's reach.
        return planner.rulesOf(requestDetails, grant, compiler);
    }

}
