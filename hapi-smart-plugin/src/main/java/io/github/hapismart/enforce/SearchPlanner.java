package io.github.hapismart.enforce;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.RuntimeResourceDefinition;
import ca.uhn.fhir.context.RuntimeSearchParam;
import ca.uhn.fhir.rest.api.RestSearchParameterTypeEnum;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.interceptor.auth.IAuthRule;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.hapismart.scope.AccessGrant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

/**
 * Computes a request's {@link SearchPlan} from its grant's {@link GrantReach} and its parameters as the database will
 * run them (after HAPI's compartment narrowing). Pure apart from reading the request; the hook that applies the plan
 * is {@link SmartSearchNarrowingInterceptor}. A grant's reach is worked out once per grant instance (the token verifier
 * hands out one per token), as the authorization interceptor's rules are, not two or three times per request.
 */
final class SearchPlanner {

    private final ReachPolicy reachPolicy;
    /** Per resource definition, by identity (each FHIR context has its own definitions, sealed once built). */
    private final IdentityMemo<RuntimeResourceDefinition, Map<String, Boolean>> compartmentParameters =
            new IdentityMemo<>(256, SearchPlanner::patientCompartmentParameters);
    /** Every grant's reach; upkeep runs inline, as waking a common-pool thread for it cost more than it does. */
    private final Cache<AccessGrant, Reached> reaches = Caffeine.newBuilder().weakKeys().maximumSize(10_000)
            .executor(Runnable::run).build();
    /** Read on every request, in front of {@link #reaches}: the same grant instance serves all its token's requests. */
    private final IdentityMemo<AccessGrant, Reached> recentReaches = new IdentityMemo<>(256, this::computeReach);

    SearchPlanner(ReachPolicy reachPolicy) {
        this.reachPolicy = Objects.requireNonNull(reachPolicy, "reachPolicy");
    }

    /** The patient HAPI's narrowing should add to {@code request}'s searches, from its plan or else its grant. */
    Optional<String> patientNarrowing(RequestDetails request) {
        Optional<SearchPlan> plan = EnforcementRequest.planOf(request);
        if (plan.isPresent()) {
            return plan.get().patientNarrowing();
        }
        AccessGrant grant = EnforcementRequest.grantOf(request).orElse(null);
        return grant == null ? Optional.empty() : reachOf(grant).singlePatient();
    }

    /**
     * A grant's reach with the one patient it is bound to, if any, and each searched type's restriction and
     * whether a narrowed search of it stays in reach, as they are first asked for: all pure functions of the grant.
     */
    private record Reached(GrantReach reach, Optional<String> singlePatient, Set<String> patientsReadAsOwners,
                           Map<String, SearchRestriction> restrictions, Map<String, Boolean> staysInReachInCompartment,
                           Map<String, Boolean> staysInReachOutside, AtomicReference<Rules> rules) {

        SearchRestriction restriction(String type) {
            return restrictions.computeIfAbsent(type, reach::searchRestriction);
        }

        boolean narrowedSearchStaysInReach(String type, boolean typeInPatientCompartment) {
            // Two maps by type, not one by a composed key: this is asked twice per search.
            return (typeInPatientCompartment ? staysInReachInCompartment : staysInReachOutside).computeIfAbsent(type,
                    key -> reach.narrowedSearchStaysInReach(type, typeInPatientCompartment));
        }
    }

    /**
     * A grant's compiled rules: all of them for a top-level type search, and without the rule that can only decide
     * such a search's results for every other request.
     */
    private record Rules(List<IAuthRule> typeSearch, List<IAuthRule> otherRequests) {
    }

    /** {@code grant}'s reach, for any of its requests. */
    private Reached reachOf(AccessGrant grant) {
        return recentReaches.get(grant);
    }

    /** {@code grant}'s reach, computed on its first request. */
    private Reached computeReach(AccessGrant grant) {
        return reaches.get(grant, key -> {
            GrantReach reach = reachPolicy.reachOf(key);
            return new Reached(reach, reach.singlePatientBinding(), reach.patientsReadAsOwners(),
                    new ConcurrentHashMap<>(), new ConcurrentHashMap<>(), new ConcurrentHashMap<>(),
                    new AtomicReference<>());
        });
    }

    /** Whether {@code grant} may read {@code Patient/patientId} as its compartment's owner (see GrantReach). */
    boolean readsAsOwner(RequestDetails request, AccessGrant grant, String patientId) {
        return reachOf(grant).patientsReadAsOwners().contains(patientId);
    }

    /**
     * The authorization rules of {@code request}'s grant, compiled by {@code compiler} on the grant's first request
     * and kept with its reach, so that a request finds its rules and its reach with one lookup.
     */
    List<IAuthRule> rulesOf(RequestDetails request, AccessGrant grant, ScopeRuleCompiler compiler) {
        Reached reached = reachOf(grant);
        Rules rules = reached.rules().get();
        if (rules == null) {
            // Two first requests may both compile; the rules are a pure function of the grant, either copy is right.
            List<IAuthRule> all = List.copyOf(compiler.compile(reached.reach()));
            rules = new Rules(all, ScopeRuleCompiler.outsideTypeSearches(all));
            reached.rules().compareAndSet(null, rules);
        }
        // Only a top-level type search can meet the in-reach rule; every other request is spared asking it first.
        return request.getRestOperationType() == RestOperationTypeEnum.SEARCH_TYPE && !request.isSubRequest()
                ? rules.typeSearch() : rules.otherRequests();
    }

    /**
     * A top-level request's plan, and the parameters its search is to run with when they differ from the request's
     * own (its granular query AND-ed in): computed once, as the plan decides on the parameters the database runs.
     */
    record Planned(SearchPlan plan, Optional<Map<String, String[]>> narrowedParameters) {

        private static Planned unchanged(SearchPlan plan) {
            return new Planned(plan, Optional.empty());
        }
    }

    /**
     * The plan of a top-level request whose compartment narrowing has been applied (the granular query to add, and
     * which checks its results may skip once that query is added), with the parameters that adding the query gives.
     */
    Planned planTopLevel(RequestDetails request) {
        return plan(request, true);
    }

    /**
     * The plan of an entry of a batch or transaction: the same decisions, but nothing is added to its search and no
     * check is skipped (the entries are not narrowed by the granular query).
     */
    SearchPlan planEntry(RequestDetails entry) {
        return plan(entry, false).plan();
    }

    private Planned plan(RequestDetails request, boolean topLevel) {
        AccessGrant grant = EnforcementRequest.grantOf(request).orElse(null);
        if (grant == null) {
            return Planned.unchanged(SearchPlan.notATypeSearch(Optional.empty(), false));
        }
        Reached reached = reachOf(grant);
        Optional<String> patient = reached.singlePatient();
        RestOperationTypeEnum operation = request.getRestOperationType();
        if (operation == RestOperationTypeEnum.TRANSACTION || operation == RestOperationTypeEnum.BATCH) {
            // the searches inside a batch are filtered as before
            return Planned.unchanged(SearchPlan.notATypeSearch(patient, true));
        }
        if (!OperationTester.SEARCH.operations().contains(operation)) {
            return Planned.unchanged(SearchPlan.notATypeSearch(patient, false));
        }
        String type = request.getResourceName();
        if (operation != RestOperationTypeEnum.SEARCH_TYPE || type == null) {
            return Planned.unchanged(SearchPlan.notATypeSearch(patient, true));
        }
        SearchRestriction restriction = reached.restriction(type);
        Map<String, List<String>> added = topLevel && restriction.isNarrowable() ? restriction.parameters() : Map.of();
        Map<String, String[]> parameters = request.getParameters();
        Map<String, String[]> searched = withAdded(parameters, added, tokenParameters(request, type));
        boolean bringsInOthers = bringsInOtherResources(parameters);
        boolean queryApplied = restriction.kind() == SearchRestriction.Kind.UNRESTRICTED || !added.isEmpty();
        boolean satisfiesQuery = !added.isEmpty() && !bringsInOthers;
        boolean inReach = topLevel && !bringsInOthers && queryApplied
                && matchesStayInReach(request, reached, type, searched);
        boolean checkEach = bringsInOthers || switch (restriction.kind()) {
            case DENIED -> false;
            case UNNARROWABLE -> true;
            case UNRESTRICTED -> !reached.narrowedSearchStaysInReach(type, inPatientCompartment(request, type));
            // Narrowable, but only a search that was actually narrowed is safe to leave unfiltered.
            case NARROWABLE -> !satisfiesQuery
                    || !reached.narrowedSearchStaysInReach(type, inPatientCompartment(request, type));
        };
        return new Planned(new SearchPlan(Optional.of(type), patient, restriction, added, satisfiesQuery, inReach,
                checkEach), searched == parameters ? Optional.empty() : Optional.of(searched));
    }

    /**
     * {@code parameters} with {@code added} AND-ed in; the same value twice is one condition (HAPI JPA asserts), so
     * parameters that already hold every added value are answered as they are. An added token {@code system|code}
     * replaces an asked bare {@code code} of the same parameter instead of joining it: every resource with a coding
     * {@code system|code} also has one with {@code code}, so the two together match exactly what the added value
     * matches alone, and the database runs one condition fewer ({@link #impliedBareCode}).
     *
     * @param isToken whether a parameter name (without modifier) is a token parameter of the searched type
     */
    static Map<String, String[]> withAdded(Map<String, String[]> parameters, Map<String, List<String>> added,
                                           Predicate<String> isToken) {
        if (added.isEmpty() || holdsAll(parameters, added)) {
            return parameters;
        }
        Map<String, String[]> result = new HashMap<>(parameters);
        for (Map.Entry<String, List<String>> entry : added.entrySet()) {
            String[] existing = result.get(entry.getKey());
            List<String> all = new ArrayList<>();
            if (existing != null) {
                all.addAll(Arrays.asList(existing));
            }
            boolean token = isToken.test(entry.getKey());
            for (String value : entry.getValue()) {
                if (all.contains(value)) {
                    continue;
                }
                int implied = token ? impliedBareCode(all, value) : -1;
                if (implied >= 0) {
                    all.set(implied, value);
                } else {
                    all.add(value);
                }
            }
            result.put(entry.getKey(), all.toArray(String[]::new));
        }
        return result;
    }

    /**
     * The index among {@code asked} (one parameter's AND-ed values) of the bare code that {@code added} implies, or
     * -1: {@code added} must be one plain {@code system|code} (a system, one bar, no comma, no escape) and the asked
     * value exactly its {@code code}, so neither is a list of alternatives nor escaped.
     */
    static int impliedBareCode(List<String> asked, String added) {
        int bar = added.indexOf('|');
        if (bar <= 0 || bar != added.lastIndexOf('|') || bar == added.length() - 1
                || added.indexOf(',') >= 0 || added.indexOf('\\') >= 0) {
            return -1;
        }
        String code = added.substring(bar + 1);
        return asked.indexOf(code);
    }

    /**
     * Whether a parameter name is one of {@code type}'s token search parameters, as the server's FHIR context
     * declares them; anything it does not know (a custom parameter) is not, so its added values are only AND-ed.
     */
    private static Predicate<String> tokenParameters(RequestDetails request, String type) {
        // Looked up only when asked: most searches already hold their granular query and ask nothing.
        return name -> {
            RuntimeResourceDefinition definition = definition(request, type);
            RuntimeSearchParam parameter = definition == null ? null : definition.getSearchParam(name);
            return parameter != null && parameter.getParamType() == RestSearchParameterTypeEnum.TOKEN;
        };
    }

    private static boolean holdsAll(Map<String, String[]> parameters, Map<String, List<String>> added) {
        for (Map.Entry<String, List<String>> entry : added.entrySet()) {
            String[] existing = parameters.get(entry.getKey());
            if (existing == null || !Arrays.asList(existing).containsAll(entry.getValue())) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether a search may answer with resources other than its own matches: included ones ({@code _include},
     * {@code _revinclude}, with or without {@code :iterate}), contained ones, or a named query's.
     */
    static boolean bringsInOtherResources(Map<String, String[]> parameters) {
        for (String name : parameters.keySet()) {
            if (name.startsWith("_include") || name.startsWith("_revinclude") || name.startsWith("_contained")
                    || name.startsWith("_query")) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether every match of the search with {@code parameters} is in the grant's reach for {@code type}: each scope
     * that allows the search reaches server-wide, or the grant is bound to one patient and the parameters confine the
     * search to that patient's compartment. Checked on the parameters the database will run, not on what the
     * narrowing meant to add.
     */
    private boolean matchesStayInReach(RequestDetails request, Reached reach, String type,
                                       Map<String, String[]> parameters) {
        if (reach.narrowedSearchStaysInReach(type, false)) {
            return true; // server-wide
        }
        RuntimeResourceDefinition definition = definition(request, type);
        if (definition == null || "Group".equals(type)) {
            return false;
        }
        Map<String, Boolean> typeParameters = compartmentParameters.get(definition);
        return reach.singlePatient()
                .filter(patient -> InReachSearchResultTester.confinesToPatient(parameters, typeParameters, patient))
                .isPresent();
    }

    /**
     * The type's Patient compartment parameters, each with whether it can only point to a Patient. A resource
     * definition does not change once its FHIR context has built it, so this is worked out once per type.
     */
    private static Map<String, Boolean> patientCompartmentParameters(RuntimeResourceDefinition definition) {
        Map<String, Boolean> parameters = new HashMap<>();
        definition.getSearchParamsForCompartmentName("Patient").forEach(param -> parameters.put(
                param.getName(), param.getTargets().equals(Set.of("Patient"))));
        return Map.copyOf(parameters);
    }

    private boolean inPatientCompartment(RequestDetails request, String type) {
        RuntimeResourceDefinition definition = definition(request, type);
        return definition != null && !compartmentParameters.get(definition).isEmpty();
    }

    private static RuntimeResourceDefinition definition(RequestDetails request, String type) {
        FhirContext fhir = request.getFhirContext();
        return fhir == null ? null : fhir.getResourceDefinition(type);
    }
}
