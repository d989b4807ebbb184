package io.github.hapismart.enforce;

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
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.IdType;

/**
 * Compiles an {@link AccessGrant} into HAPI authorization rules, one or more per scope, each named
 * {@code smart:<scope>} so a 403 says which scope was consulted. Pure: no I/O, no state beyond its configuration.
 * Where each scope reaches is the {@link ReachPolicy}'s answer ({@link GrantReach}); this class only writes rules.
 *
 * <p>Permissions: {@code c} create, {@code r} read and vread, {@code u} update and patch, {@code d} delete, {@code s}
 * search and history. A granular query becomes a HAPI {@code withFilter}-like tester ({@link GranularQueryTester}),
 * which needs a search parameter matcher on the interceptor.
 *
 * <p>Policy for types with no patient data: a compartment-bound scope on one of
 * {@link ReachPolicy#PATIENT_INDEPENDENT_TYPES} (or a wildcard compartment-bound scope) also allows reading and
 * searching every resource of those types, because they are not in the Patient compartment and an app needs them to
 * render the patient's data; it never allows writing them. Where the rules stop: GraphQL and {@code user/} bulk export
 * get no rule and fall to the final {@code denyAll}; conditional create/update/patch/delete are refused by
 * {@link WriteGuard} before these rules run, and a write that would place a resource in another patient's compartment
 * is refused by it in storage; a PATCH is let through at request level and its result is checked by the update rules
 * in the storage layer (HAPI JPA), so a server without that layer should not offer PATCH.
 */
public final class ScopeRuleCompiler {

    /** Types outside the Patient compartment that a patient-bound scope may read and search server-wide. */
    public static final Set<String> PATIENT_INDEPENDENT_TYPES = ReachPolicy.PATIENT_INDEPENDENT_TYPES;

    static final String RULE_PREFIX = "smart:";

    /** The rule that lets a narrowed type search's matches through ({@link InReachSearchResultTester}). */
    static final String IN_REACH_RULE = RULE_PREFIX + "in-reach-search-results";

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

    private final ReachPolicy reachPolicy;

    /** A compiler for {@code reachPolicy}. */
    public ScopeRuleCompiler(ReachPolicy reachPolicy) {
        this.reachPolicy = Objects.requireNonNull(reachPolicy, "reachPolicy");
    }

    /** A compiler with the default {@link #PATIENT_INDEPENDENT_TYPES}. */
    public ScopeRuleCompiler(UserAccessPolicy userAccessPolicy) {
        this(new ReachPolicy(userAccessPolicy));
    }

    /**
     * @param userAccessPolicy        reach of {@code user/} scopes for users who are not patients
     * @param patientIndependentTypes types a patient-bound scope may read and search server-wide (may be empty)
     */
    public ScopeRuleCompiler(UserAccessPolicy userAccessPolicy, Set<String> patientIndependentTypes) {
        this(new ReachPolicy(userAccessPolicy, patientIndependentTypes));
    }

    /** The policy this compiler asks where scopes reach. */
    public ReachPolicy reachPolicy() {
        return reachPolicy;
    }

    /** The rules for a request without a grant: the CapabilityStatement, then deny. */
    public List<IAuthRule> denyAll() {
        return new RuleBuilder()
                .allow(RULE_PREFIX + "metadata").metadata().andThen()
                .denyAll(RULE_PREFIX + "no-grant").build();
    }

    /** The rules for {@code grant}, ending in a default deny. */
    public List<IAuthRule> compile(AccessGrant grant) {
        return compile(reachPolicy.reachOf(grant));
    }

    /** The rules for a grant whose reach is already known, ending in a default deny. */
    public List<IAuthRule> compile(GrantReach reach) {
        RuleBuilder rules = new RuleBuilder();
        rules.allow(RULE_PREFIX + "metadata").metadata();
        if (reach.reachesGroupInACompartment() && !reach.reachesServerWide("Group")) {
            // A Group lists its members, so it sits in each member's compartment; only a server-wide reach sees it.
            rules.deny(RULE_PREFIX + "group-policy").read().resourcesOfType("Group").withAnyId()
                    .withTester(ONLY_WHERE_GROUP_IS_KNOWN);
        }
        if (reach.reachesAnything()) {
            // The matches of a search that the narrowing confined to the grant's reach skip the per-resource check.
            rules.allow(IN_REACH_RULE).read().allResources().withAnyId()
                    .withTester(new InReachSearchResultTester());
        }
        boolean anyRule = false;
        for (GrantReach.ScopeReach scope : reach.scopes()) {
            anyRule |= addScopeRules(rules, scope, reach.patientIndependentTypes());
        }
        if (anyRule) {
            rules.allow(RULE_PREFIX + "transaction").transaction().withAnyOperation().andApplyNormalRules();
        }
        new OperationRules(reach.grant(), reach.grant().scopes().resourceScopes()).addTo(rules);
        rules.denyAll(RULE_PREFIX + "default-deny");
        return rules.build();
    }

    /**
     * {@code rules} without the one rule that can only decide a resource in the response of a top-level type search
     * ({@link #IN_REACH_RULE}): the same decisions for any request that is not such a search, without the cost of
     * asking that rule first every time.
     */
    static List<IAuthRule> outsideTypeSearches(List<IAuthRule> rules) {
        return rules.stream().filter(rule -> !IN_REACH_RULE.equals(rule.getName())).toList();
    }

    private static boolean addScopeRules(RuleBuilder rules, GrantReach.ScopeReach scopeReach,
                                         Set<String> patientIndependentTypes) {
        Scope scope = scopeReach.scope();
        Reach reach = scopeReach.reach();
        if (reach instanceof Reach.None) {
            return false;
        }
        String name = RULE_PREFIX + scope.value();
        boolean patientBound = scopeReach.isPatientBound();
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

    private static void addReadAndSearch(RuleBuilder rules, String name, Scope scope, String type, Reach reach) {
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
