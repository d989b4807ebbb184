package io.github.hapismart.enforce;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.RuntimeResourceDefinition;
import ca.uhn.fhir.context.RuntimeSearchParam;
import ca.uhn.fhir.i18n.Msg;
import ca.uhn.fhir.rest.api.QualifiedParamList;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.param.ParameterUtil;
import ca.uhn.fhir.rest.server.IRestfulServerDefaults;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.interceptor.auth.SearchNarrowingInterceptor;
import ca.uhn.fhir.util.UrlUtil;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * HAPI's narrowing of a type search to one patient's compartment, without its cost: what
 * {@link SearchNarrowingInterceptor}'s type-search narrowing does when it is given the single compartment
 * {@code Patient/<id>} (all the plugin ever gives it), computed without multimaps, streams and list algebra. The
 * result is HAPI's: the same parameter chosen, the same values in the same order and escaping, the request's own
 * value array rewritten in place as HAPI rewrites it, the same 403 when no requested value is the patient, and the
 * same empty post-filtering list left on the request. What the parameter choice depends on in a type's definition is
 * worked out once per definition. Anything else (another operation, no patient, an id HAPI refuses) is answered
 * {@code false} and left to HAPI.
 */
final class CompartmentSearchNarrowing {

    private static final String COMPARTMENT = "Patient";

    /**
     * Per resource definition, by identity (each FHIR context has its own definitions, sealed once built); read on
     * every type search.
     */
    private final IdentityMemo<RuntimeResourceDefinition, Choice> choices = new IdentityMemo<>(256, Choice::of);

    /**
     * Narrows {@code request}, a type search, to {@code patient}'s compartment as HAPI would, and answers true; or
     * answers false, having changed nothing, when the request is not one this class covers.
     *
     * @throws ForbiddenOperationException when the search asks for the compartment parameter but never for the patient
     */
    boolean narrow(RequestDetails request, String patient) {
        if (request.getRestOperationType() != RestOperationTypeEnum.SEARCH_TYPE || patient == null
                || patient.indexOf('/') >= 0) {
            return false; // HAPI refuses a compartment id with a '/' with its own exception
        }
        IRestfulServerDefaults server = request.getServer();
        FhirContext fhir = server == null ? null : server.getFhirContext();
        if (fhir == null) {
            return false; // HAPI fails on it; let it fail in its own way
        }
        String type = request.getResourceName();
        // Looked up first, as HAPI does: an unknown type fails here with HAPI's exception, before any change.
        RuntimeResourceDefinition definition = fhir.getResourceDefinition(type);
        Map<String, String[]> parameters = request.getParameters();
        String parameter;
        if (COMPARTMENT.equalsIgnoreCase(type)) {
            parameter = "_id";
        } else {
            Choice choice = choices.get(definition);
            if (!choice.covered()) {
                return false;
            }
            parameter = choice.parameterFor(parameters.keySet());
        }
        if (parameter != null) {
            Map<String, String[]> narrowed = narrowed(parameters, parameter, patient);
            if (narrowed != parameters) {
                request.setParameters(narrowed);
            }
        }
        // HAPI then narrows by allowed codes: there are none, but it leaves an empty list for its consent service.
        Map<Object, Object> userData = request.getUserData();
        if (userData.get(SearchNarrowingInterceptor.POST_FILTERING_LIST_ATTRIBUTE_NAME) == null) {
            userData.put(SearchNarrowingInterceptor.POST_FILTERING_LIST_ATTRIBUTE_NAME, new ArrayList<>());
        }
        return true;
    }

    /**
     * {@code parameters} narrowed on {@code parameter} to {@code patient}: added as {@code Patient/<id>} when absent,
     * in a copy; when present, each AND value keeps only its OR values naming the patient (as {@code Patient/<id>},
     * then as {@code <id>}, each once), rewritten in the request's own array as HAPI does, so the map itself is
     * answered: HAPI's copy of it would hold the same arrays.
     */
    private static Map<String, String[]> narrowed(Map<String, String[]> parameters, String parameter, String patient) {
        String reference = COMPARTMENT + "/" + patient;
        String[] requested = parameters.get(parameter);
        if (requested == null) {
            Map<String, String[]> result = new HashMap<>(parameters);
            result.put(parameter, new String[] {ParameterUtil.escape(reference)});
            return result;
        }
        boolean permitted = false;
        for (int i = 0; i < requested.length; i++) {
            List<String> values = QualifiedParamList.splitQueryStringByCommasIgnoreEscape(null, requested[i]);
            boolean asReference = values.contains(reference);
            boolean asId = values.contains(patient);
            if (asReference || asId) {
                permitted = true;
                requested[i] = asReference && asId ? ParameterUtil.escapeAndJoinOrList(List.of(reference, patient))
                        : ParameterUtil.escape(asReference ? reference : patient);
            }
        }
        if (!permitted) {
            throw new ForbiddenOperationException(Msg.code(2026) + "Value not permitted for parameter "
                    + UrlUtil.escapeUrlParam(parameter));
        }
        return parameters;
    }

    /**
     * Which of a type's Patient compartment parameters HAPI narrows on: the one named like the compartment if the
     * search uses it, else the first of its synonyms (same path before any {@code .where}) that the search uses,
     * else that primary one; without a primary one, the first compartment parameter; none for a type outside the
     * compartment.
     *
     * @param primary  the parameter named like the compartment, or null
     * @param synonyms the compartment parameters with the primary one's path, in the definition's order
     * @param first    the first compartment parameter, or null
     * @param covered  false when a parameter has no path (HAPI fails on it; left to HAPI)
     */
    private record Choice(String primary, String[] synonyms, String first, boolean covered) {

        static Choice of(RuntimeResourceDefinition definition) {
            List<RuntimeSearchParam> params = definition.getSearchParamsForCompartmentName(COMPARTMENT);
            if (params.isEmpty()) {
                return new Choice(null, new String[0], null, true);
            }
            RuntimeSearchParam primary = null;
            for (RuntimeSearchParam param : params) {
                if (param.getName().equalsIgnoreCase(COMPARTMENT)) {
                    primary = param;
                    break;
                }
            }
            String first = params.get(0).getName();
            if (primary == null) {
                return new Choice(null, new String[0], first, true);
            }
            List<String> synonyms = new ArrayList<>();
            for (RuntimeSearchParam param : params) {
                if (param.getPath() == null || primary.getPath() == null) {
                    return new Choice(null, new String[0], null, false);
                }
                if (basePath(primary).equals(basePath(param))) {
                    synonyms.add(param.getName());
                }
            }
            return new Choice(primary.getName(), synonyms.toArray(String[]::new), first, true);
        }

        private static String basePath(RuntimeSearchParam param) {
            int where = param.getPath().indexOf(".where");
            return where == -1 ? param.getPath() : param.getPath().substring(0, where);
        }

        String parameterFor(Set<String> requested) {
            if (primary == null || requested.contains(primary)) {
                return primary == null ? first : primary;
            }
            for (String synonym : synonyms) {
                if (requested.contains(synonym)) {
                    return synonym;
                }
            }
            return primary;
        }
    }
}
