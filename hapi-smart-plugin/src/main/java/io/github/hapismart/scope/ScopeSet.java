package io.github.hapismart.scope;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * An immutable set of granted or requested scopes, in request order and without duplicates. Construction drops every
 * scope that is malformed or unknown, so a set can only ever be narrower than what was asked for; negotiation is by
 * subset ({@link #narrowTo}), never by string equality alone. Each scope is parsed once, when the set is built;
 * two sets are equal when they hold the same strings in the same order.
 */
public final class ScopeSet {

    /** Scopes that grant no resource access but are understood (OpenID Connect, launch context, refresh tokens). */
    public static final Set<String> KNOWN_NON_RESOURCE_SCOPES = Set.of(
            "openid", "profile", "fhirUser", "launch", "launch/patient", "launch/encounter",
            "offline_access", "online_access");

    private static final ScopeSet EMPTY = new ScopeSet(List.of());

    private final List<String> values;
    private final List<Scope> resourceScopes;

    /** Keeps only known, well-formed scopes and removes duplicates, preserving order. */
    public ScopeSet(List<String> values) {
        Objects.requireNonNull(values, "values");
        List<String> kept = new ArrayList<>();
        List<Scope> parsed = new ArrayList<>();
        for (String value : new LinkedHashSet<>(values)) {
            if (value == null) {
                continue;
            }
            Optional<Scope> scope = Scope.parse(value);
            if (scope.isPresent() || KNOWN_NON_RESOURCE_SCOPES.contains(value)) {
                kept.add(value);
                scope.ifPresent(parsed::add);
            }
        }
        this.values = List.copyOf(kept);
        this.resourceScopes = List.copyOf(parsed);
    }

    /** The well-formed, known scopes, as originally written, in order. */
    public List<String> values() {
        return values;
    }

    /** Parses a space-separated scope parameter; {@code null} or blank gives the empty set. */
    public static ScopeSet parse(String spaceSeparated) {
        if (spaceSeparated == null || spaceSeparated.isBlank()) {
            return EMPTY;
        }
        return new ScopeSet(List.of(spaceSeparated.strip().split("\\s+")));
    }

    /** The set with no scopes. */
    public static ScopeSet empty() {
        return EMPTY;
    }

    /** A set from individual scope strings (malformed or unknown ones are dropped, as in {@link #parse}). */
    public static ScopeSet of(Collection<String> scopes) {
        return new ScopeSet(List.copyOf(scopes));
    }

    /** Whether {@code scope} is a well-formed resource scope or a known non-resource scope. */
    public static boolean isKnown(String scope) {
        return KNOWN_NON_RESOURCE_SCOPES.contains(scope) || Scope.parse(scope).isPresent();
    }

    /** Exact membership of one scope string. */
    public boolean contains(String literal) {
        return values.contains(literal);
    }

    /** Whether there are no scopes at all. */
    public boolean isEmpty() {
        return values.isEmpty();
    }

    /** The clinical (resource) scopes, parsed, in request order. */
    public List<Scope> resourceScopes() {
        return resourceScopes;
    }

    /**
     * The requested scopes (this set) that {@code allowed} covers. A resource scope is covered when some allowed
     * resource scope {@linkplain Scope#covers covers} it; any other scope when {@code allowed} contains it. The
     * result keeps this set's strings: it never adds a scope, so it never widens.
     */
    public ScopeSet narrowTo(ScopeSet allowed) {
        List<Scope> allowedScopes = allowed.resourceScopes();
        return filter(value -> Scope.parse(value)
                .map(requested -> allowedScopes.stream().anyMatch(a -> a.covers(requested)))
                .orElseGet(() -> allowed.contains(value)));
    }

    /** Whether every scope here is covered by {@code other} (e.g. a refresh asking for a narrower scope). */
    public boolean isCoveredBy(ScopeSet other) {
        return narrowTo(other).values.size() == values.size();
    }

    /** Only the scopes whose exact string is in {@code chosen} (e.g. what the user ticked on the consent page). */
    public ScopeSet retain(Collection<String> chosen) {
        Set<String> keep = Set.copyOf(chosen);
        return filter(keep::contains);
    }

    /** This set followed by the scopes of {@code other} that are not already here. */
    public ScopeSet plus(ScopeSet other) {
        return new ScopeSet(Stream.concat(values.stream(), other.values.stream()).toList());
    }

    private ScopeSet filter(Predicate<String> keep) {
        return new ScopeSet(values.stream().filter(keep).toList());
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ScopeSet set && values.equals(set.values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    /** The scopes joined by single spaces, as used in token responses and the JWT {@code scope} claim. */
    @Override
    public String toString() {
        return String.join(" ", values);
    }
}
