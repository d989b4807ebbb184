package io.github.hapismart.hapi;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.RuntimeResourceDefinition;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.interceptor.auth.AuthorizedList;
import ca.uhn.fhir.rest.server.interceptor.auth.SearchNarrowingInterceptor;
import ca.uhn.fhir.rest.server.servlet.ServletRequestDetails;
import io.github.hapismart.scope.AccessGrant;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.hl7.fhir.r4.model.Bundle;

/**
 * Adds the launch patient to searches of a patient-bound token, so {@code GET Observation} answers with that patient's
 * Observations instead of failing with 403. It narrows only when every resource scope of the grant is bound to the same
 * single patient; it is a convenience, and {@link SmartAuthorizationInterceptor} remains what enforces access.
 * A type search is also narrowed by the granular query of the grant's scopes on that type, when those queries add up
 * to one set of search parameters ({@link ScopeRuleCompiler#searchRestriction}): the database then returns only what
 * the scopes allow. Other granular queries are left to the result filter, which drops non-matching resources.
 *
 * <p>Reads by id inside a batch or transaction ({@code GET Condition/123}) are kept out of HAPI's narrowing: HAPI
 * rewrites every GET entry as a search and drops the id, so {@code GET Patient/<other>} would answer with the launch
 * patient's own record. Left alone, such an entry is a plain read that the authorization rules allow or deny.
 */
public class SmartSearchNarrowingInterceptor extends SearchNarrowingInterceptor {

    private static final Pattern READ_URL = Pattern.compile("^/?[A-Z][A-Za-z]+/[A-Za-z0-9\\-.]{1,64}(/_history/[^/?]+)?$");
    private static final String DONE = SmartSearchNarrowingInterceptor.class.getName() + ".transactionNarrowed";
    private static final String QUERY_DONE = SmartSearchNarrowingInterceptor.class.getName() + ".queryNarrowed";

    private final ScopeRuleCompiler compiler;

    public SmartSearchNarrowingInterceptor(ScopeRuleCompiler compiler) {
        this.compiler = Objects.requireNonNull(compiler, "compiler");
    }

    @Override
    protected AuthorizedList buildAuthorizedList(RequestDetails requestDetails) {
        return SmartAuthorizationInterceptor.grantOf(requestDetails)
                .flatMap(compiler::singlePatientBinding)
                .map(patient -> new AuthorizedList().addCompartment("Patient/" + patient))
                .orElse(null);
    }

    @Override
    @Hook(Pointcut.SERVER_INCOMING_REQUEST_POST_PROCESSED)
    public void hookIncomingRequestPostProcessed(RequestDetails request, HttpServletRequest servletRequest,
                                                 HttpServletResponse servletResponse) {
        if (request.getUserData().put(QUERY_DONE, Boolean.TRUE) != null) {
            return; // the hook may be found both on this class and on HAPI's
        }
        super.hookIncomingRequestPostProcessed(request, servletRequest, servletResponse);
        if (request.getRestOperationType() != RestOperationTypeEnum.SEARCH_TYPE || request.getResourceName() == null) {
            return;
        }
        AccessGrant grant = SmartAuthorizationInterceptor.grantOf(request).orElse(null);
        if (grant == null) {
            return;
        }
        String type = request.getResourceName();
        SearchRestriction restriction = compiler.searchRestriction(grant, type);
        boolean queryApplied = restriction.kind() == SearchRestriction.Kind.UNRESTRICTED;
        if (restriction.isNarrowable()) {
            Map<String, String[]> parameters = new HashMap<>(request.getParameters());
            restriction.parameters().forEach((name, values) -> {
                List<String> all = new ArrayList<>();
                String[] existing = parameters.get(name);
                if (existing != null) {
                    all.addAll(Arrays.asList(existing));
                }
                // The same value twice is the same condition, and HAPI JPA asserts against duplicates.
                values.stream().filter(value -> !all.contains(value)).forEach(all::add);
                parameters.put(name, all.toArray(String[]::new));
            });
            request.setParameters(parameters);
            queryApplied = true;
        }
        if (bringsInOtherResources(request)) {
            return;
        }
        if (restriction.isNarrowable()) {
            request.getUserData().put(GranularQueryTester.NARROWED_TYPE, type);
        }
        if (queryApplied && matchesStayInReach(request, grant, type)) {
            request.getUserData().put(InReachSearchResultTester.IN_REACH_TYPE, type);
        }
    }

    /**
     * Whether every match of this (narrowed) search is in the grant's reach for {@code type}: each scope that allows
     * the search reaches server-wide, or the grant is bound to one patient and the search's own parameters confine it
     * to that patient's compartment. Checked on the parameters the database will run, not on what the narrowing
     * meant to add.
     */
    private boolean matchesStayInReach(RequestDetails request, AccessGrant grant, String type) {
        if (compiler.narrowedSearchStaysInReach(grant, type, false)) {
            return true; // server-wide
        }
        FhirContext fhir = request.getFhirContext();
        RuntimeResourceDefinition definition = fhir == null ? null : fhir.getResourceDefinition(type);
        if (definition == null || "Group".equals(type)) {
            return false;
        }
        Map<String, Boolean> compartmentParameters = new HashMap<>();
        definition.getSearchParamsForCompartmentName("Patient").forEach(param -> compartmentParameters.put(
                param.getName(), param.getTargets().equals(Set.of("Patient"))));
        // Not server-wide: only a single-patient grant whose patient the parameters name (none for a type outside
        // the Patient compartment) keeps the matches in reach, as narrowedSearchStaysInReach would answer.
        return compiler.singlePatientBinding(grant)
                .filter(patient -> InReachSearchResultTester.confinesToPatient(request.getParameters(),
                        compartmentParameters, patient))
                .isPresent();
    }

    /**
     * Whether a search may answer with resources other than its own matches: included ones ({@code _include},
     * {@code _revinclude}, with or without {@code :iterate}), contained ones, or a named query's.
     */
    static boolean bringsInOtherResources(RequestDetails request) {
        return request.getParameters().keySet().stream().anyMatch(name -> name.startsWith("_include")
                || name.startsWith("_revinclude") || name.startsWith("_contained") || name.startsWith("_query"));
    }

    @Override
    @Hook(Pointcut.SERVER_INCOMING_REQUEST_PRE_HANDLED)
    public void hookIncomingRequestPreHandled(ServletRequestDetails request, HttpServletRequest servletRequest,
                                              HttpServletResponse servletResponse) {
        if (request.getUserData().put(DONE, Boolean.TRUE) != null) {
            return; // the hook may be found both on this class and on HAPI's
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
            super.hookIncomingRequestPreHandled(request, servletRequest, servletResponse);
        } finally {
            reads.forEach(entryRequest -> entryRequest.setMethod(Bundle.HTTPVerb.GET));
        }
    }
}
