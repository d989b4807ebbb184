package io.github.hapismart.enforce;

import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.interceptor.auth.IAuthRuleTester;
import java.util.Map;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * The condition of the rule that lets the main results of a type search through without HAPI's per-resource
 * compartment check, when the search itself cannot match anything else: the request's {@link SearchPlan} says so
 * ({@link SearchPlan#matchesInReach()}) only when its parameters, as the database will run them, confine every match
 * to what the grant's scopes allow on that type (see {@link #confinesToPatient} and {@link SearchPlanner}), and when
 * nothing but matches can enter the response (no {@code _include}, {@code _revinclude}, {@code _contained} or named
 * query). The check it saves costs ~20 µs per resource ({@code FhirTerser.isSourceInCompartmentForTarget}).
 *
 * <p>It never allows a request by itself (an incoming request has no resource to test), nor anything in a page,
 * history, operation or batch response, nor a resource of another type than the one searched.
 */
final class InReachSearchResultTester implements IAuthRuleTester {

    @Override
    public boolean matches(RuleTestRequest request) {
        return false;
    }

    @Override
    public boolean matchesOutput(RuleTestRequest request) {
        return request.operation == RestOperationTypeEnum.SEARCH_TYPE
                && isMainResultInReach(request.requestDetails, request.resource);
    }

    /**
     * Whether {@code resource} is a main result of {@code details}, a top-level type search on its type, whose plan
     * says its matches are all in the grant's reach.
     */
    static boolean isMainResultInReach(RequestDetails details, IBaseResource resource) {
        return resource != null && details != null && resource.fhirType().equals(details.getResourceName())
                && isSearchInReach(details);
    }

    /**
     * Whether {@code details} is a top-level type search whose plan says its matches are all in the grant's reach.
     * The request's own operation is checked too: the rules of any other request leave the in-reach rule out
     * ({@link SearchPlanner#rulesOf}); a sub-request has no plan.
     */
    static boolean isSearchInReach(RequestDetails details) {
        String type = details.getResourceName();
        return type != null && details.getRestOperationType() == RestOperationTypeEnum.SEARCH_TYPE
                && EnforcementRequest.planOf(details).filter(plan -> plan.inReachFor(type)).isPresent();
    }

    /**
     * Whether search {@code parameters} confine every match to the compartment of {@code Patient/patientId}: one of
     * the type's Patient compartment parameters (exact name, no modifier) has an AND-ed value whose every OR-ed
     * alternative is {@code Patient/<patientId>}, or the bare id for a parameter that can only point to a Patient
     * ({@code compartmentParameters} maps each name to whether it does). A bare id on a parameter that may point to
     * other types (a Group, a Device) is not enough.
     */
    static boolean confinesToPatient(Map<String, String[]> parameters, Map<String, Boolean> compartmentParameters,
                                     String patientId) {
        String reference = "Patient/" + patientId;
        for (Map.Entry<String, Boolean> parameter : compartmentParameters.entrySet()) {
            String[] andValues = parameters.get(parameter.getKey());
            if (andValues == null) {
                continue;
            }
            boolean patientOnly = parameter.getValue();
            for (String value : andValues) {
                if (value == null || value.isEmpty()) {
                    continue;
                }
                boolean allThePatient = true;
                // Compared as HAPI's rules compare them, untrimmed: " Patient/A" is not the patient to them.
                for (String alternative : value.split(",", -1)) {
                    allThePatient &= alternative.equals(reference) || (patientOnly && alternative.equals(patientId));
                }
                if (allThePatient) {
                    return true;
                }
            }
        }
        return false;
    }
}
