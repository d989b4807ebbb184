package io.github.hapismart.enforce;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.RuntimeSearchParam;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.RestfulServer;
import ca.uhn.fhir.rest.server.interceptor.auth.SearchNarrowingInterceptor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link CompartmentSearchNarrowing} against HAPI's own {@link SearchNarrowingInterceptor}, given the same single
 * compartment, on the same type searches of every R4 resource type: the resulting parameters (names, values, order,
 * escaping), the caller's own value arrays (HAPI rewrites them in place), the request's user data, or the exception's
 * class and message, must all be HAPI's. The searches mix the compartment parameters of each type with the patient
 * as a reference, as a bare id, both, other patients only, OR lists with escaped commas and duplicates, several AND
 * values, modifiers and synonyms.
 */
class CompartmentSearchNarrowingTest {

    private static final FhirContext FHIR = FhirContext.forR4Cached();
    /** Never started: the narrowing only asks a request's server for its FhirContext. */
    private static final RestfulServer SERVER = new RestfulServer(FHIR);
    private static final List<String> PATIENTS = List.of("1008", "p-1.x", "A", "a,b", "v|1$2\\3");
    /** Value templates: {@code ID} stands for the patient's id. */
    private static final List<String> VALUES = List.of("Patient/ID", "ID", "Patient/ID,ID", "ID,Patient/ID",
            "Patient/other", "other", "Patient/other,other", "Patient/ID,Patient/ID", "ID,ID,Patient/ID",
            "Patient/ID,Patient/other,ID,ID", "Patient/other,ID", "Patient/ID\\,x", "x\\,Patient/ID",
            "x\\\\,Patient/ID", "Patient/ID\\\\,ID", " ,Patient/ID", "", ",", " ", "ID,", ",ID", "patient/ID",
            "Patient/ID|x", "Practitioner/ID", "http://example.org/fhir/Patient/ID", "Patient/ID/_history/1");
    private static final List<List<String>> AND_VALUES = List.of(List.of("Patient/ID", "Patient/other"),
            List.of("other", "ID"), List.of("other", "Patient/other2"), List.of("ID", "ID"),
            List.of("Patient/ID,ID", "x,ID"), List.of());
    private static final List<String> ALWAYS_TRIED = List.of("_id", "patient", "subject", "subject:Patient",
            "patient:missing", "subject:Group", "code", "Patient", "PATIENT");

    private final CompartmentSearchNarrowing narrowing = new CompartmentSearchNarrowing();


    /**
     * What a narrowing left behind.
     *
     * @param parameters the request's parameters afterwards
     * @param given      the parameter map first given to the request, read afterwards (HAPI rewrites its arrays)
     * @param userData   the request's user data afterwards
     * @param failure    the exception's class and message, or null
     */
    record Outcome(Map<String, List<String>> parameters, Map<String, List<String>> given,
                   Map<String, String> userData, String failure) {
    }

    static Stream<String> resourceTypes() {
        List<String> types = new ArrayList<>(new TreeSet<>(FHIR.getResourceTypes()));
        types.addAll(List.of("patient", "PATIENT", "pAtIeNt", "observation", "OBSERVATION", "encounter", "Unknown"));
        return types.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("resourceTypes")
    void narrowsEachSearchOfTheTypeExactlyAsHapi(String type) {
        List<String> disagreements = new ArrayList<>();
        for (Map<String, String[]> query : queries(type)) {
            for (String patient : PATIENTS) {
                Map<String, String[]> parameters = withPatient(query, patient);
                Outcome hapi = run(type, parameters, patient, false, true);
                Outcome fast = run(type, parameters, patient, false, false);
                if (!hapi.equals(fast)) {
                    disagreements.add(type + " " + show(parameters) + " [" + patient + "]:\n  HAPI " + hapi
                            + "\n  fast " + fast);
                }
            }
        }
        assertEquals(List.of(), disagreements);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("resourceTypes")
    void leavesAPostFilteringListAlreadyThereAsHapiDoes(String type) {
        Map<String, String[]> parameters = Map.of("code", new String[] {"x"});
        assertEquals(run(type, parameters, "1008", true, true), run(type, parameters, "1008", true, false));
    }

    @Test
    void leavesAnIdThatHapiRefusesToHapi() {
        SystemRequestDetails request = request("Observation", new LinkedHashMap<>());
        assertFalse(narrowing.narrow(request, "a/b"));
        assertThrows(IllegalArgumentException.class,
                () -> new HapiNarrowing("a/b").hookIncomingRequestPostProcessed(request, null, null));
    }

    @Test
    void leavesOtherOperationsToHapi() {
        for (RestOperationTypeEnum operation : RestOperationTypeEnum.values()) {
            if (operation == RestOperationTypeEnum.SEARCH_TYPE) {
                continue;
            }
            SystemRequestDetails request = request("Observation", new LinkedHashMap<>());
            request.setRestOperationType(operation);
            assertFalse(narrowing.narrow(request, "1008"), operation.name());
            assertEquals(new Outcome(Map.of(), Map.of(), Map.of(), null),
                    outcome(request, new LinkedHashMap<>(), null), operation.name());
        }
    }

    @Test
    void keepsTheRequestsOwnParametersWhenThePatientIsAlreadyAskedFor() {
        Map<String, String[]> parameters = new LinkedHashMap<>(Map.of("patient", new String[] {"1008"}));
        SystemRequestDetails request = request("Observation", parameters);
        assertTrue(narrowing.narrow(request, "1008"));
        assertArrayEquals(new String[] {"1008"}, request.getParameters().get("patient"));
        // Still the request's own map (HAPI answers it through a read-only view), not a copy of it.
        parameters.put("code", new String[] {"1234-5"});
        assertEquals(List.of("patient", "code"), List.copyOf(request.getParameters().keySet()));
    }

    @Test
    void leavesARequestWithoutPatientToHapi() {
        SystemRequestDetails request = request("Observation", new LinkedHashMap<>());
        assertFalse(narrowing.narrow(request, null));
    }

    /** One run of HAPI's narrowing or of the plugin's on a fresh request with a copy of {@code parameters}. */
    private Outcome run(String type, Map<String, String[]> parameters, String patient, boolean listThere,
                        boolean hapi) {
        Map<String, String[]> given = copy(parameters);
        SystemRequestDetails request = request(type, given);
        if (listThere) {
            request.getUserData().put(SearchNarrowingInterceptor.POST_FILTERING_LIST_ATTRIBUTE_NAME,
                    new ArrayList<>(List.of("already there")));
        }
        try {
            if (hapi) {
                new HapiNarrowing(patient).hookIncomingRequestPostProcessed(request, null, null);
            } else if (!narrowing.narrow(request, patient)) {
                return new Outcome(Map.of(), Map.of(), Map.of(), "not narrowed by the plugin");
            }
            return outcome(request, given, null);
        } catch (RuntimeException e) {
            return outcome(request, given, e.getClass().getName() + ": " + e.getMessage());
        }
    }

    private static Outcome outcome(RequestDetails request, Map<String, String[]> given, String failure) {
        Map<String, String> userData = new TreeMap<>();
        request.getUserData().forEach((key, value) -> userData.put(String.valueOf(key),
                value == null ? "null" : value.getClass().getName() + " " + value));
        return new Outcome(lists(request.getParameters()), lists(given), userData, failure);
    }

    private static SystemRequestDetails request(String type, Map<String, String[]> parameters) {
        SystemRequestDetails request = new SystemRequestDetails();
        request.setFhirContext(FHIR);
        request.setServer(SERVER);
        request.setRestOperationType(RestOperationTypeEnum.SEARCH_TYPE);
        request.setResourceName(type);
        request.setParameters(parameters);
        return request;
    }

    /**
     * The searches tried on {@code type}: none; one parameter (each of the type's Patient compartment parameters and
     * a few others) with each value and with several AND values; two compartment parameters at once.
     */
    private static List<Map<String, String[]>> queries(String type) {
        Set<String> compartment = new LinkedHashSet<>();
        try {
            for (RuntimeSearchParam param : FHIR.getResourceDefinition(type).getSearchParamsForCompartmentName(
                    "Patient")) {
                compartment.add(param.getName());
                compartment.add(param.getName() + ":Patient");
            }
        } catch (RuntimeException unknownType) {
            // An unknown type fails in both narrowings; the others' parameters are still tried on it.
        }
        Set<String> names = new LinkedHashSet<>(compartment);
        names.addAll(ALWAYS_TRIED);
        List<Map<String, String[]>> queries = new ArrayList<>();
        queries.add(Map.of());
        queries.add(Map.of("code", new String[] {"x"}));
        for (String name : names) {
            for (String value : VALUES) {
                queries.add(Map.of(name, new String[] {value}));
                queries.add(Map.of(name, new String[] {value}, "_count", new String[] {"5"}));
            }
            for (List<String> values : AND_VALUES) {
                queries.add(Map.of(name, values.toArray(String[]::new)));
            }
        }
        for (String first : compartment) {
            for (String second : compartment) {
                if (!first.equals(second)) {
                    queries.add(Map.of(first, new String[] {"Patient/ID"}, second, new String[] {"Patient/other"}));
                    queries.add(Map.of(first, new String[] {"other"}, second, new String[] {"ID"}));
                }
            }
        }
        return queries;
    }

    private static Map<String, String[]> withPatient(Map<String, String[]> query, String patient) {
        Map<String, String[]> parameters = new LinkedHashMap<>();
        query.forEach((name, values) -> parameters.put(name,
                Arrays.stream(values).map(value -> value.replace("ID", patient)).toArray(String[]::new)));
        return parameters;
    }

    private static Map<String, String[]> copy(Map<String, String[]> parameters) {
        Map<String, String[]> copy = new LinkedHashMap<>();
        parameters.forEach((name, values) -> copy.put(name, values.clone()));
        return copy;
    }

    private static Map<String, List<String>> lists(Map<String, String[]> parameters) {
        Map<String, List<String>> lists = new TreeMap<>();
        parameters.forEach((name, values) -> lists.put(name, values == null ? null : List.of(values)));
        return lists;
    }

    private static String show(Map<String, String[]> parameters) {
        return lists(parameters).toString();
    }
}
