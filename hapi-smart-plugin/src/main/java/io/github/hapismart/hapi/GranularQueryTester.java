package io.github.hapismart.hapi;

import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.server.interceptor.auth.FhirQueryRuleTester;
import ca.uhn.fhir.rest.server.interceptor.auth.IAuthRuleTester;

/**
 * A granular scope's query ({@code category=…|laboratory}) as a condition on a HAPI rule: a resource passes when it
 * matches the query, evaluated in memory by the interceptor's search parameter matcher (HAPI's
 * {@link FhirQueryRuleTester}; no matcher, or a query it cannot evaluate, fails closed).
 *
 * <p>One shortcut: a main result of a type search that {@link SmartSearchNarrowingInterceptor} narrowed by the
 * grant's queries for that type passes without the in-memory match, since the database already applied the same
 * query. The narrowing marks such a request only when nothing else can enter its results (no {@code _include},
 * {@code _revinclude}, {@code _contained} or named query), and the shortcut applies only to resources of the searched
 * type; the rule's compartment check still applies to them.
 */
final class GranularQueryTester implements IAuthRuleTester {

    /** Request attribute: the resource type whose type search was narrowed by the grant's granular queries. */
    static final String NARROWED_TYPE = GranularQueryTester.class.getName() + ".narrowedType";

    private final FhirQueryRuleTester query;

    GranularQueryTester(String query) {
        this.query = new FhirQueryRuleTester(query);
    }

    @Override
    public boolean matches(RuleTestRequest request) {
        return query.matches(request);
    }

    @Override
    public boolean matchesOutput(RuleTestRequest request) {
        return isResultOfNarrowedSearch(request) || query.matchesOutput(request);
    }

    private static boolean isResultOfNarrowedSearch(RuleTestRequest request) {
        return request.resource != null && request.requestDetails != null
                && request.operation == RestOperationTypeEnum.SEARCH_TYPE
                && request.resource.fhirType().equals(request.requestDetails.getUserData().get(NARROWED_TYPE))
                && request.resource.fhirType().equals(request.requestDetails.getResourceName());
    }
}
