package io.github.hapismart.enforce;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ca.uhn.fhir.rest.api.RequestTypeEnum;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.interceptor.auth.SearchNarrowingInterceptor;
import io.github.hapismart.enforce.EnforcementProbe.Call;
import io.github.hapismart.enforce.EnforcementProbe.Token;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The planning hook narrows a request as HAPI's own {@link SearchNarrowingInterceptor} alone would, given the plan's
 * patient: a type search through the plugin's fast narrowing, every other operation (an operation, a conditional
 * write, a create with {@code If-None-Exist}, a read, a system search) and a token without a patient through HAPI's
 * hook. Compared: the parameters, the complete URL, the {@code If-None-Exist} header, HAPI's post-filtering list and
 * any exception. The tokens have no granular scope, so the plan adds nothing of its own.
 */
class SmartSearchNarrowingWiringTest {

    private static final Token PATIENT = Token.patientA("patient/*.rs");
    private static final Token USER = Token.user("user/*.rs", "Practitioner/p1");

    /** What a narrowing left behind; {@code failure} is the exception's class and message, or null. */
    record Outcome(Map<String, List<String>> parameters, String completeUrl, List<String> ifNoneExist,
                   String postFilteringList, String failure) {
    }

    static Stream<Arguments> calls() {
        String criteria = "Observation?code=1234-5";
        List<Call> calls = List.of(
                Calls.search("Observation"),
                Calls.search("Observation?patient=Patient/A"),
                Calls.search("Observation?subject=A&category=laboratory"),
                Calls.search("Observation?patient=Patient/B"),
                Calls.search("Patient"),
                Calls.search("Patient?_id=B"),
                Calls.search("Practitioner"),
                Calls.operation("Patient/A/$everything", RestOperationTypeEnum.EXTENDED_OPERATION_INSTANCE, null),
                Calls.operation("Patient/$everything", RestOperationTypeEnum.EXTENDED_OPERATION_TYPE, null),
                Calls.conditional(RestOperationTypeEnum.DELETE, criteria, null),
                Calls.conditional(RestOperationTypeEnum.UPDATE, criteria, Calls.A_LAB),
                Calls.conditional(RestOperationTypeEnum.PATCH, criteria, null),
                Calls.createIfNoneExist(Calls.A_LAB, "code=1234-5"),
                Calls.read(Calls.A_LAB),
                Calls.call("GET ?_type=Observation", RestOperationTypeEnum.SEARCH_SYSTEM, RequestTypeEnum.GET,
                        "?_type=Observation", null, null, Map.of(), List.of(), null, List.of()));
        List<Arguments> rows = new ArrayList<>();
        for (Token token : List.of(PATIENT, USER)) {
            for (Call call : calls) {
                rows.add(Arguments.of(token, call));
            }
        }
        return rows.stream();
    }

    @ParameterizedTest(name = "{0} | {1}")
    @MethodSource("calls")
    void narrowsAsHapiAloneWould(Token token, Call call) {
        SystemRequestDetails hapi = EnforcementProbe.request(token.grant(), call);
        Outcome expected = outcome(hapi, () -> new HapiNarrowing(token.patient())
                .hookIncomingRequestPostProcessed(hapi, null, null));
        SystemRequestDetails plugin = EnforcementProbe.request(token.grant(), call);
        SmartSearchNarrowingInterceptor narrowing =
                new SmartSearchNarrowingInterceptor(new ReachPolicy(UserAccessPolicy.SERVER_WIDE));
        assertEquals(expected, outcome(plugin, () -> narrowing.planAndNarrow(plugin, null, null)));
    }

    private static Outcome outcome(SystemRequestDetails request, Runnable narrowing) {
        String failure = null;
        try {
            narrowing.run();
        } catch (RuntimeException e) {
            failure = e.getClass().getName() + ": " + e.getMessage();
        }
        Map<String, List<String>> parameters = new TreeMap<>();
        request.getParameters().forEach((name, values) -> parameters.put(name, List.of(values)));
        Object list = request.getUserData().get(SearchNarrowingInterceptor.POST_FILTERING_LIST_ATTRIBUTE_NAME);
        return new Outcome(parameters, request.getCompleteUrl(), request.getHeaders("If-None-Exist"),
                list == null ? null : list.getClass().getName() + " " + list, failure);
    }

}
