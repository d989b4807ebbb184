package io.github.hapismart.scope;

// TEMPORARY STAND-IN written by the lead so that main compiles; the scope branch replaces this file whole with the
// real SMART scope grammar. On a rebase conflict, take the scope branch's version and adapt callers to it.
import java.util.*;
public record ScopeSet(List<String> values) {
    public static ScopeSet parse(String s) { return new ScopeSet(s.isBlank() ? List.of() : Arrays.asList(s.trim().split("\\s+"))); }
    public static ScopeSet of(Collection<String> c) { return new ScopeSet(List.copyOf(c)); }
    public List<Scope> resourceScopes() { return values.stream().filter(v -> v.contains("/") && v.contains(".")).map(v -> new Scope(v, v.startsWith("system/") ? Scope.Context.SYSTEM : v.startsWith("user/") ? Scope.Context.USER : Scope.Context.PATIENT)).toList(); }
    public ScopeSet narrowTo(ScopeSet allowed) { return new ScopeSet(values.stream().filter(allowed.values::contains).toList()); }
    public String toString() { return String.join(" ", values); }
}
