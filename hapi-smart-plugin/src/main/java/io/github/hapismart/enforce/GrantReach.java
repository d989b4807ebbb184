package io.github.hapismart.enforce;

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

/**
 * What one grant can reach: for each of its resource scopes, the compartments (or the whole server, or nothing) it
 * reaches, plus the policy for types without patient data. Made by {@link ReachPolicy#reachOf}; immutable and pure,
 * so the rule compiler, the search planner, the write guard and export ownership all read the same answer.
 *
 * @param grant                   the verified grant
 * @param scopes                  each resource scope of the grant with its reach, in the grant's order
 * @param patientIndependentTypes types a patient-bound scope may read and search server-wide
 */
public record GrantReach(AccessGrant grant, List<ScopeReach> scopes, Set<String> patientIndependentTypes) {

    /** One scope and how far it reaches. */
    public record ScopeReach(Scope scope, Reach reach) {
        public ScopeReach {
            Objects.requireNonNull(scope, "scope");
            Objects.requireNonNull(reach, "reach");
        }

        boolean reachesNothing() {
            return reach instanceof Reach.None;
        }

        boolean isPatientBound() {
            return reach instanceof Reach.Compartments c && c.compartment().equals("Patient");
        }

        boolean covers(String type) {
            return scope.isWildcard() || scope.resourceType().equals(type);
        }

        boolean readsOrSearches() {
            return scope.allows(Permission.R) || scope.allows(Permission.S);
        }
    }

    public GrantReach {
        Objects.requireNonNull(grant, "grant");
        scopes = List.copyOf(scopes);
        patientIndependentTypes = Set.copyOf(patientIndependentTypes);
    }

    /**
     * The Patients this grant may read by id as owners of their own compartment: each owner of a Patient compartment
     * reached by a read scope on {@code Patient} or on every type, without a granular query. The rule compiled from
     * such a scope allows reading its owners' Patient resources on their id alone, whatever else the rules say (no
     * deny rule of the grant concerns a Patient).
     */
    Set<String> patientsReadAsOwners() {
        Set<String> ids = new TreeSet<>();
        for (ScopeReach scope : scopes) {
            if (scope.isPatientBound() && scope.covers("Patient") && scope.scope().allows(Permission.R)
                    && scope.scope().queryString().isEmpty()) {
                ids.addAll(((Reach.Compartments) scope.reach()).ids());
            }
        }
        return Set.copyOf(ids);
    }

    /** Whether some scope reaches anything at all. */
    boolean reachesAnything() {
        return scopes.stream().anyMatch(s -> !s.reachesNothing());
    }

    /** The reach of {@code scope} for resources of {@code type}, with the patient-independent types' policy. */
    Reach effectiveReach(ScopeReach scope, String type) {
        return scope.isPatientBound() && patientIndependentTypes.contains(type) ? Reach.serverWide() : scope.reach();
    }

    /** Whether a read or search scope covering Groups is bound to compartments (a Group sits in each member's). */
    boolean reachesGroupInACompartment() {
        return scopes.stream().filter(s -> s.covers("Group") && s.readsOrSearches())
                .anyMatch(s -> s.reach() instanceof Reach.Compartments);
    }

    /** Whether some scope lets the grant read or search every resource of {@code type}. */
    boolean reachesServerWide(String type) {
        return scopes.stream().filter(s -> s.covers(type) && s.readsOrSearches())
                .anyMatch(s -> effectiveReach(s, type) instanceof Reach.ServerWide);
    }

    /**
     * The patient every resource scope is bound to, if there is exactly one such patient and no scope reaches
     * further; this is what search narrowing may add to a search.
     */
    Optional<String> singlePatientBinding() {
        List<Reach> reaches = scopes.stream().filter(s -> !s.reachesNothing()).map(ScopeReach::reach)
                .distinct().toList();
        if (reaches.size() == 1 && reaches.get(0) instanceof Reach.Compartments c
                && c.compartment().equals("Patient") && c.ids().size() == 1) {
            return Optional.of(c.ids().get(0));
        }
        return Optional.empty();
    }

    /** The scopes that allow searching {@code type} and reach something. */
    List<ScopeReach> searching(String type) {
        return scopes.stream().filter(s -> s.covers(type) && s.scope().allows(Permission.S) && !s.reachesNothing())
                .toList();
    }

    /**
     * What every result of a search on {@code type} must match under this grant, beyond its compartment: nothing,
     * a query that search narrowing can add to the search, or a query it cannot (several scopes whose queries differ
     * in more than the values of one parameter).
     */
    SearchRestriction searchRestriction(String type) {
        List<Scope> searching = searching(type).stream().map(ScopeReach::scope).toList();
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
    boolean narrowedSearchStaysInReach(String type, boolean typeInPatientCompartment) {
        if (searching(type).stream().allMatch(s -> effectiveReach(s, type) instanceof Reach.ServerWide)) {
            return true;
        }
        return typeInPatientCompartment && !"Group".equals(type) && singlePatientBinding().isPresent();
    }

    /**
     * The Patient compartments a resource of {@code type} written with {@code permission} may belong to: empty when
     * no compartment-bound scope allows the write (the rules decide alone), absent when one scope reaches
     * server-wide (any compartment).
     */
    Optional<Set<String>> writablePatients(String type, Permission permission) {
        Set<String> allowed = new TreeSet<>();
        for (ScopeReach s : scopes) {
            if (!s.scope().allows(permission) || !s.covers(type)) {
                continue;
            }
            if (s.reach() instanceof Reach.ServerWide) {
                return Optional.empty();
            }
            if (s.isPatientBound()) {
                allowed.addAll(((Reach.Compartments) s.reach()).ids());
            }
        }
        return Optional.of(allowed);
    }

    /** Whether an unfiltered read scope covering {@code type} reaches server-wide. */
    boolean readsEveryResourceOf(String type) {
        return scopes.stream().anyMatch(s -> s.scope().allows(Permission.R) && !s.scope().hasQuery()
                && s.covers(type) && s.reach() instanceof Reach.ServerWide);
    }
}
