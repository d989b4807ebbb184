package io.github.hapismart.enforce;

import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.server.interceptor.auth.FhirQueryRuleTester;
import ca.uhn.fhir.rest.server.interceptor.auth.IAuthRuleTester;

/**
 * A granular scope's query ({@code category=…|laboratory}) as a condition on a HAPI rule: a resource passes when it
 * matches the query, evaluated in memory by the interceptor's search parameter matcher (HAPI's
 * {@link FhirQueryRuleTester}; no matcher, or a query it cannot evaluate, fails closed).
 *
 * <p>One shortcut: a main result of a top-level type search whose {@link SearchPlan} says its matches already satisfy
 * the grant's queries ({@link SearchPlan#matchesSatisfyQuery()}: the database applied the same query, and nothing
 * else can enter the results) passes without the in-memory match. It applies only to resources of the searched type;
 * the rule's compartment check still applies to them.
 */
final class GranularQueryTester implements IAuthRuleTester {

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
        if (request.resource == null || request.requestDetails == null
                || request.operation != RestOperationTypeEnum.SEARCH_TYPE) {
            return false;
        }
        String type = request.resource.fhirType();
        return type.equals(request.requestDetails.getResourceName())
                && EnforcementRequest.planOf(request.requestDetails).filter(plan -> plan.satisfiesQueryFor(type))
                        .isPresent();
    }
}
