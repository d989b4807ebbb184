package io.github.hapismart.hapi;

import ca.uhn.fhir.rest.server.interceptor.auth.IAuthRule;
import ca.uhn.fhir.rest.server.interceptor.auth.IAuthRuleBuilderRule;
import ca.uhn.fhir.rest.server.interceptor.auth.IAuthRuleBuilderRuleOp;
import ca.uhn.fhir.rest.server.interceptor.auth.IAuthRuleBuilderRuleOpClassifier;
import ca.uhn.fhir.rest.server.interceptor.auth.IAuthRuleFinished;
import ca.uhn.fhir.rest.server.interceptor.auth.IAuthRuleTester;
import ca.uhn.fhir.rest.server.interceptor.auth.RuleBuilder;
import io.github.hapismart.scope.AccessGrant;
import io.github.hapismart.scope.Scope;
import io.github.hapismart.scope.Scope.Permission;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.IdType;

/**
 * Compiles an {@link AccessGrant} into HAPI authorization rules, one or more per scope, each named
 * {@code smart:<scope>} so a 403 says which scope was consulted. Pure: no I/O, no state beyond its configuration.
 *
 * <p>Reach: {@code patient/} scopes reach the launch patient's compartment (the Patient itself included);
 * {@code user/} scopes reach the compartment of a Patient {@code fhirUser}, otherwise whatever the
 * {@link UserAccessPolicy} says; {@code system/} scopes reach the whole server. Permissions: {@code c} create,
 * {@code r} read and vread, {@code u} update and patch, {@code d} delete, {@code s} search and history. A granular
 * query becomes a HAPI {@code withFilter} rule, which needs a search parameter matcher on the interceptor.
 *
 * <p>Policy for types with no patient data: a compartment-bound scope on one of {@link #PATIENT_INDEPENDENT_TYPES}
 * (or a wildcard compartment-bound scope) also allows reading and searching every resource of those types, because
 * they are not in the Patient compartment and an app needs them to render the patient's data; it never allows
 * writing them. Where the rules stop: GraphQL and {@code user/} bulk export get no rule and fall to the final
 * {@code denyAll}; conditional create/update/patch/delete are refused by {@code WriteGuard} before these rules run,
 * and a write that would place a resource in another patient's compartment is refused by it in storage; a PATCH is let through at request level and its result is checked by
 * the update rules in the storage layer (HAPI JPA), so a server without that layer should not offer PATCH.
 */
public final class ScopeRuleCompiler {

    /** Types outside the Patient compartment that a patient-bound scope may read and search server-wide. */
    public static final Set<String> PATIENT_INDEPENDENT_TYPES =
            Set.of("Practitioner", "PractitionerRole", "Organization", "Location", "Medication");

    static final String RULE_PREFIX = "smart:";

    /**
     * Lets the Group deny rule act on a Group resource or a request naming the Group type, not on requests whose
     * type HAPI does not know before the response (a page of search results), which a read rule would otherwise deny
     * whole; the resources of such a response are then checked one by one.
     */
    private static final IAuthRuleTester ONLY_WHERE_GROUP_IS_KNOWN = new IAuthRuleTester() {
        @Override
        public boolean matches(RuleTestRequest request) {
            return request.resource != null || (request.resourceId != null && request.resourceId.hasResourceType())
                    || "Group".equals(request.requestDetails.getResourceName());
        }

        @Override
        public boolean matchesOutput(RuleTestRequest request) {
            return matches(request);
        }
    };

    private final UserAccessPolicy userAccessPolicy;
    private final Set<String> patientIndependentTypes;

    /** A compiler with the default {@link #PATIENT_INDEPENDENT_TYPES}. */
    public ScopeRuleCompiler(UserAccessPolicy userAccessPolicy) {
        this(userAccessPolicy, PATIENT_INDEPENDENT_TYPES);
    }

    /**
     * @param userAccessPolicy        reach of {@code user/} scopes for users who are not patients
     * @param patientIndependentTypes types a patient-bound scope may read and search server-wide (may be empty)
     */
    public ScopeRuleCompiler(UserAccessPolicy userAccessPolicy, Set<String> patientIndependentTypes) {
        this.userAccessPolicy = Objects.requireNonNull(userAccessPolicy, "userAccessPolicy");
        this.patientIndependentTypes = Set.copyOf(patientIndependentTypes);
    }

    /** The rules for a request without a grant: the CapabilityStatement, then deny. */
    public List<IAuthRule> denyAll() {
        return new RuleBuilder()
                .allow(RULE_PREFIX + "metadata").metadata().andThen()
                .denyAll(RULE_PREFIX + "no-grant").build();
    }

    /** The rules for {@code grant}, ending in a default deny. */
    public List<IAuthRule> compile(AccessGrant grant) {
        RuleBuilder rules = new RuleBuilder();
        rules.allow(RULE_PREFIX + "metadata").metadata();
        List<Scope> scopes = grant.scopes().resourceScopes();
        if (reachesGroupInACompartment(grant) && !reachesServerWide(grant, "Group")) {
            // A Group lists its members, so it sits in each member's compartment; only a server-wide reach sees it.
            rules.deny(RULE_PREFIX + "group-policy").read().resourcesOfType("Group").withAnyId()
                    .withTester(ONLY_WHERE_GROUP_IS_KNOWN);
        }
        if (scopes.stream().anyMatch(scope -> !(reachOf(grant, scope) instanceof Reach.None))) {
            // The matches of a search that the narrowing confined to the grant's reach skip the per-resource check.
            rules.allow(RULE_PREFIX + "in-reach-search-results").read().allResources().withAnyId()
                    .withTester(new InReachSearchResultTester());
        }
        boolean anyRule = false;
        for (Scope scope : scopes) {
            anyRule |= addScopeRules(rules, scope, reachOf(grant, scope));
        }
        if (anyRule) {
            rules.allow(RULE_PREFIX + "transaction").transaction().withAnyOperation().andApplyNormalRules();
        }
        new OperationRules(grant, scopes).addTo(rules);
        rules.denyAll(RULE_PREFIX + "default-deny");
        return rules.build();
    }

    /** How far {@code scope} reaches for this grant; patient scopes without a launch patient reach nothing. */
    Reach reachOf(AccessGrant grant, Scope scope) {
        return switch (scope.context()) {
            case PATIENT -> grant.patient().map(id -> Reach.compartment("Patient", id)).orElse(Reach.none());
            case USER -> patientUser(grant)
                    .map(id -> Reach.compartment("Patient", id))
                    .orElseGet(() -> Objects.requireNonNull(userAccessPolicy.reach(grant, scope), "reach"));
            case SYSTEM -> Reach.serverWide();
        };
    }

    /**
     * What every result of a search on {@code type} must match under {@code grant}, beyond its compartment: nothing,
     * a query that search narrowing can add to the search, or a query it cannot (several scopes whose queries differ
     * in more than the values of one parameter).
     */
    SearchRestriction searchRestriction(AccessGrant grant, String type) {
        List<Scope> searching = searchingScopes(grant, type);
        if (searching.isEmpty()) {
            return SearchRestriction.DENIED;
        }
        if (searching.stream().anyMatch(scope -> !scope.hasQuery())) {
            return SearchRestriction.UNRESTRICTED;
        }
        if (searching.stream().anyMatch(Scope::isWildcard)) {
            return SearchRestriction.UNNARROWABLE; // a query on every type may name parameters this type lacks
        }
        List<Map<String, List<String>>> queries = searching.stream().map(Scope::query).distinct().toList();
        if (queries.size() == 1) {
            return SearchRestriction.narrowTo(queries.get(0));
        }
        // Several single-parameter queries on the same parameter, e.g. category=a and category=b: category=a,b.
        Set<String> names = new TreeSet<>();
        List<String> values = new ArrayList<>();
        for (Map<String, List<String>> query : queries) {
            if (query.size() != 1 || query.values().iterator().next().size() != 1) {
                return SearchRestriction.UNNARROWABLE;
            }
            names.add(query.keySet().iterator().next());
            values.add(query.values().iterator().next().get(0));
        }
        if (names.size() != 1 || values.stream().anyMatch(value -> value.contains(","))) {
            return SearchRestriction.UNNARROWABLE;
        }
        return SearchRestriction.narrowTo(Map.of(names.iterator().next(), List.of(String.join(",", values))));
    }

    /**
     * Whether a search on {@code type}, narrowed to the grant's single patient where it has one, can only return
     * resources the grant's scopes reach: every scope that allows the search reaches server-wide, or the grant is
     * bound to one patient and {@code type} has a Patient compartment.
     */
    boolean narrowedSearchStaysInReach(AccessGrant grant, String type, boolean typeInPatientCompartment) {
        List<Scope> searching = searchingScopes(grant, type);
        if (searching.stream().allMatch(scope -> effectiveReach(grant, scope, type) instanceof Reach.ServerWide)) {
            return true;
        }
        return typeInPatientCompartment && !"Group".equals(type) && singlePatientBinding(grant).isPresent();
    }

    private boolean reachesGroupInACompartment(AccessGrant grant) {
        return grant.scopes().resourceScopes().stream()
                .filter(scope -> scope.isWildcard() || scope.resourceType().equals("Group"))
                .filter(scope -> scope.allows(Permission.R) || scope.allows(Permission.S))
                .anyMatch(scope -> reachOf(grant, scope) instanceof Reach.Compartments);
    }

    /** Whether some scope of {@code grant} lets it read or search every resource of {@code type}. */
    private boolean reachesServerWide(AccessGrant grant, String type) {
        return grant.scopes().resourceScopes().stream()
                .filter(scope -> scope.isWildcard() || scope.resourceType().equals(type))
                .filter(scope -> scope.allows(Permission.R) || scope.allows(Permission.S))
                .anyMatch(scope -> effectiveReach(grant, scope, type) instanceof Reach.ServerWide);
    }

    private List<Scope> searchingScopes(AccessGrant grant, String type) {
        return grant.scopes().resourceScopes().stream()
                .filter(scope -> scope.isWildcard() || scope.resourceType().equals(type))
                .filter(scope -> scope.allows(Permission.S))
                .filter(scope -> !(reachOf(grant, scope) instanceof Reach.None))
                .toList();
    }

    /** The reach of {@code scope} for resources of {@code type}, with the patient-independent types' policy. */
    private Reach effectiveReach(AccessGrant grant, Scope scope, String type) {
        Reach reach = reachOf(grant, scope);
        boolean patientBound = reach instanceof Reach.Compartments c && c.compartment().equals("Patient");
        return patientBound && patientIndependentTypes.contains(type) ? Reach.serverWide() : reach;
    }

    /**
     * The patient every resource scope of {@code grant} is bound to, if there is exactly one such patient and no
     * scope reaches further; this is what search narrowing may add to a search.
     */
    Optional<String> singlePatientBinding(AccessGrant grant) {
        List<Reach> reaches = grant.scopes().resourceScopes().stream()
                .map(scope -> reachOf(grant, scope))
                .filter(reach -> !(reach instanceof Reach.None))
                .distinct().toList();
        if (reaches.size() == 1 && reaches.get(0) instanceof Reach.Compartments c
                && c.compartment().equals("Patient") && c.ids().size() == 1) {
            return Optional.of(c.ids().get(0));
        }
        return Optional.empty();
    }

    static Optional<String> patientUser(AccessGrant grant) {
        return grant.fhirUser()
                .filter(user -> user.startsWith("Patient/") && user.indexOf('/', 8) < 0 && user.length() > 8)
                .map(user -> user.substring(8));
    }

    private boolean addScopeRules(RuleBuilder rules, Scope scope, Reach reach) {
        if (reach instanceof Reach.None) {
            return false;
        }
        String name = RULE_PREFIX + scope.value();
        boolean patientBound = reach instanceof Reach.Compartments c && c.compartment().equals("Patient");
        boolean independentType = !scope.isWildcard() && patientIndependentTypes.contains(scope.resourceType());
        if (patientBound && independentType) {
            addReadAndSearch(rules, name, scope, scope.resourceType(), Reach.serverWide());
            return true;
        }
        addReadAndSearch(rules, name, scope, scope.isWildcard() ? null : scope.resourceType(), reach);
        if (patientBound && scope.isWildcard()) {
            patientIndependentTypes.stream().sorted()
                    .forEach(type -> addReadAndSearch(rules, name, scope, type, Reach.serverWide()));
        }
        String type = scope.isWildcard() ? null : scope.resourceType();
        boolean create = scope.allows(Permission.C);
        boolean update = scope.allows(Permission.U);
        if (create && update) {
            add(rules, name, IAuthRuleBuilderRule::write, scope, type, reach, null);
        } else if (create) {
            add(rules, name, IAuthRuleBuilderRule::create, scope, type, reach, null);
        } else if (update) {
            add(rules, name, IAuthRuleBuilderRule::write, scope, type, reach, OperationTester.UPDATE);
        }
        if (update) {
            rules.allow(name).patch().allRequests();
        }
        if (scope.allows(Permission.D)) {
            add(rules, name, IAuthRuleBuilderRule::delete, scope, type, reach, null);
        }
        return true;
    }

    private void addReadAndSearch(RuleBuilder rules, String name, Scope scope, String type, Reach reach) {
        boolean read = scope.allows(Permission.R);
        boolean search = scope.allows(Permission.S);
        if (read || search) {
            OperationTester only = read && search ? null : read ? OperationTester.READ : OperationTester.SEARCH;
            add(rules, name, IAuthRuleBuilderRule::read, scope, type, reach, only);
        }
    }

    /** Adds the rule for {@code scope} on its reach: compartment owners, or server-wide; a granular query as tester. */
    private static void add(RuleBuilder rules, String name, Function<IAuthRuleBuilderRule, IAuthRuleBuilderRuleOp> op,
                            Scope scope, String typeOrNull, Reach reach, OperationTester onlyFor) {
        String filter = scope.queryString();
        IAuthRuleFinished finished;
        if (reach instanceof Reach.Compartments c) {
            List<IIdType> owners = c.ids().stream().map(id -> (IIdType) new IdType(c.compartment(), id)).toList();
            finished = target(rules, name, op, typeOrNull).inCompartment(c.compartment(), owners);
        } else if (reach instanceof Reach.ServerWide) {
            finished = target(rules, name, op, typeOrNull).withAnyId();
        } else {
            return;
        }
        if (!filter.isEmpty()) {
            finished.withTester(new GranularQueryTester(filter));
        }
        if (onlyFor != null) {
            finished.withTester(onlyFor);
        }
    }

    private static IAuthRuleBuilderRuleOpClassifier target(
            RuleBuilder rules, String name, Function<IAuthRuleBuilderRule, IAuthRuleBuilderRuleOp> op, String type) {
        IAuthRuleBuilderRuleOp operation = op.apply(rules.allow(name));
        return type == null ? operation.allResources() : operation.resourcesOfType(type);
    }
}
