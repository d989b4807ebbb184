package io.github.hapismart.enforce;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.interceptor.auth.AuthorizationInterceptor;
import ca.uhn.fhir.rest.server.interceptor.auth.IAuthRuleTester.RuleTestRequest;
import ca.uhn.fhir.rest.server.interceptor.auth.PolicyEnum;
import java.util.Map;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;

/** When the main results of a search may skip the per-resource compartment check, and when they may not. */
class InReachSearchResultTesterTest {

    /** Observation's Patient compartment parameters: only {@code patient} points to Patients alone. */
    private static final Map<String, Boolean> OBSERVATION = Map.of("patient", true, "subject", false,
            "performer", false);

    private final InReachSearchResultTester tester = new InReachSearchResultTester();

    @Test
    void aParameterNamingOnlyThePatientConfinesTheSearch() {
        assertTrue(InReachSearchResultTester.confinesToPatient(Map.of("patient", new String[]{"A"}), OBSERVATION, "A"));
        assertTrue(InReachSearchResultTester.confinesToPatient(
                Map.of("subject", new String[]{"Patient/A"}, "code", new String[]{"x"}), OBSERVATION, "A"));
        // AND-ed: another condition besides the patient's only narrows further
        assertTrue(InReachSearchResultTester.confinesToPatient(
                Map.of("patient", new String[]{"Patient/B", "A"}), OBSERVATION, "A"));
    }

    @Test
    void anythingThatCouldMatchOutsideTheCompartmentDoesNotConfineIt() {
        // no compartment parameter at all
        assertFalse(InReachSearchResultTester.confinesToPatient(Map.of("code", new String[]{"x"}), OBSERVATION, "A"));
        // OR with another patient
        assertFalse(InReachSearchResultTester.confinesToPatient(Map.of("patient", new String[]{"A,B"}), OBSERVATION,
                "A"));
        // a bare id on a parameter that may point to a Group or a Device
        assertFalse(InReachSearchResultTester.confinesToPatient(Map.of("subject", new String[]{"A"}), OBSERVATION,
                "A"));
        // another patient, a modifier, a chain, an empty value, a parameter outside the compartment
        assertFalse(InReachSearchResultTester.confinesToPatient(Map.of("patient", new String[]{"B"}), OBSERVATION, "A"));
        assertFalse(InReachSearchResultTester.confinesToPatient(Map.of("patient:missing", new String[]{"A"}),
                OBSERVATION, "A"));
        assertFalse(InReachSearchResultTester.confinesToPatient(Map.of("patient.name", new String[]{"A"}), OBSERVATION,
                "A"));
        assertFalse(InReachSearchResultTester.confinesToPatient(Map.of("patient", new String[]{""}), OBSERVATION, "A"));
        assertFalse(InReachSearchResultTester.confinesToPatient(Map.of("focus", new String[]{"Patient/A"}), OBSERVATION,
                "A"));
    }

    @Test
    void onlyMainResultsOfTheMarkedTypeSearchPass() {
        SystemRequestDetails search = inReachObservationSearch(RestOperationTypeEnum.SEARCH_TYPE);
        assertTrue(tester.matchesOutput(test(search, RestOperationTypeEnum.SEARCH_TYPE, new Observation())));
        // never a request by itself
        assertFalse(tester.matches(test(search, RestOperationTypeEnum.SEARCH_TYPE, null)));
        // another type in the response, or another operation
        assertFalse(tester.matchesOutput(test(search, RestOperationTypeEnum.SEARCH_TYPE, new Patient())));
        assertFalse(tester.matchesOutput(test(search, RestOperationTypeEnum.GET_PAGE, new Observation())));
        // not marked
        SystemRequestDetails unmarked = request("Observation", RestOperationTypeEnum.SEARCH_TYPE);
        assertFalse(tester.matchesOutput(test(unmarked, RestOperationTypeEnum.SEARCH_TYPE, new Observation())));
    }

    @Test
    void aRequestThatIsNotATypeSearchItselfNeverPasses() {
        // Its rules leave this rule out (SearchPlanner.rulesOf), so it must decide nothing for such a request.
        SystemRequestDetails page = inReachObservationSearch(RestOperationTypeEnum.GET_PAGE);
        assertFalse(tester.matchesOutput(test(page, RestOperationTypeEnum.SEARCH_TYPE, new Observation())));
    }

    /** A request on Observation whose plan says its matches are in reach, as the planning hook leaves it. */
    private static SystemRequestDetails inReachObservationSearch(RestOperationTypeEnum operation) {
        SystemRequestDetails request = request("Observation", operation);
        EnforcementRequest.attach(request, new SearchPlan(java.util.Optional.of("Observation"),
                java.util.Optional.of("A"), SearchRestriction.UNRESTRICTED, Map.of(), false, true, false));
        return request;
    }

    private static SystemRequestDetails request(String type, RestOperationTypeEnum operation) {
        SystemRequestDetails request = new SystemRequestDetails();
        request.setFhirContext(FhirContext.forR4Cached());
        request.setResourceName(type);
        request.setRestOperationType(operation);
        return request;
    }

    private static RuleTestRequest test(SystemRequestDetails request, RestOperationTypeEnum operation,
                                        IBaseResource resource) {
        return new RuleTestRequest(PolicyEnum.ALLOW, operation, request, null, resource, new AuthorizationInterceptor());
    }
}
