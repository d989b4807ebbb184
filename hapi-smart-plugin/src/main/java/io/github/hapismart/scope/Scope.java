package io.github.hapismart.scope;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One SMART clinical scope such as {@code patient/Observation.rs?category=...|laboratory}, parsed once. SMART v1
 * permissions are normalized to v2 letters ({@code read} = {@code rs}, {@code write} = {@code cud}, {@code *} =
 * {@code cruds}); {@link #value()} keeps the original string, which is what tokens carry.
 *
 * @param context      whose data the scope reaches: the launch patient, the user, or the whole system
 * @param resourceType a FHIR resource type name, or {@code *} for every type
 * @param permissions  the normalized permissions, never empty
 * @param query        a v2 granular query as parameter → values (request order), empty when there is none
 * @param value        the scope exactly as requested
 * @param v1           whether the scope used SMART v1 syntax ({@code read}, {@code write}, {@code *})
 */
public record Scope(
        Context context,
        String resourceType,
        Set<Permission> permissions,
        Map<String, List<String>> query,
        String value,
        boolean v1) {

    /** The SMART scope context: the part before the slash. */
    public enum Context {
        PATIENT, USER, SYSTEM;

        /** The lowercase prefix used in scope strings. */
        public String prefix() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** SMART v2 permission letters, in the only order the grammar allows. */
    public enum Permission {
        C, R, U, D, S;

        public char letter() {
            return Character.toLowerCase(name().charAt(0));
        }
    }

    /** The wildcard resource type. */
    public static final String ANY_TYPE = "*";

    private static final Pattern GRAMMAR = Pattern.compile(
            "(patient|user|system)/(\\*|[A-Z][A-Za-z]{0,63})\\.([a-z*]{1,5})(?:\\?(.+))?");
    private static final String V2_ORDER = "cruds";

    public Scope {
        Objects.requireNonNull(context, "context");
        Objects.requireNonNull(resourceType, "resourceType");
        Objects.requireNonNull(value, "value");
        if (permissions == null || permissions.isEmpty()) {
            throw new IllegalArgumentException("a scope needs at least one permission");
        }
        permissions = Collections.unmodifiableSet(EnumSet.copyOf(permissions));
        Map<String, List<String>> copy = new LinkedHashMap<>();
        (query == null ? Map.<String, List<String>>of() : query).forEach((k, v) -> copy.put(k, List.copyOf(v)));
        query = Collections.unmodifiableMap(copy);
        if (v1 && !query.isEmpty()) {
            throw new IllegalArgumentException("granular queries are a SMART v2 feature");
        }
    }

    /**
     * Parses a clinical scope; empty when {@code scope} is not a well-formed v1 or v2 resource scope. Out-of-order
     * or repeated v2 letters ({@code .dus}, {@code .rr}) and v1 permissions with a query are malformed.
     */
    public static Optional<Scope> parse(String scope) {
        if (scope == null) {
            return Optional.empty();
        }
        Matcher m = GRAMMAR.matcher(scope);
        if (!m.matches()) {
            return Optional.empty();
        }
        Context context = Context.valueOf(m.group(1).toUpperCase(java.util.Locale.ROOT));
        String letters = m.group(3);
        String rawQuery = m.group(4);
        boolean v1 = letters.equals("read") || letters.equals("write") || letters.equals("*");
        Set<Permission> permissions = v1 ? v1Permissions(letters) : v2Permissions(letters);
        if (permissions.isEmpty() || (v1 && rawQuery != null)) {
            return Optional.empty();
        }
        Map<String, List<String>> query = Map.of();
        if (rawQuery != null) {
            Optional<Map<String, List<String>>> parsed = parseQuery(rawQuery);
            if (parsed.isEmpty()) {
                return Optional.empty();
            }
            query = parsed.get();
        }
        return Optional.of(new Scope(context, m.group(2), permissions, query, scope, v1));
    }

    private static Set<Permission> v1Permissions(String letters) {
        return switch (letters) {
            case "read" -> EnumSet.of(Permission.R, Permission.S);
            case "write" -> EnumSet.of(Permission.C, Permission.U, Permission.D);
            default -> EnumSet.allOf(Permission.class);
        };
    }

    /** Letters must be a non-empty, strictly in-order subset of {@code cruds}; anything else yields an empty set. */
    private static Set<Permission> v2Permissions(String letters) {
        Set<Permission> result = EnumSet.noneOf(Permission.class);
        int last = -1;
        for (char c : letters.toCharArray()) {
            int index = V2_ORDER.indexOf(c);
            if (index <= last) {
                return EnumSet.noneOf(Permission.class);
            }
            result.add(Permission.values()[index]);
            last = index;
        }
        return result;
    }

    private static Optional<Map<String, List<String>>> parseQuery(String rawQuery) {
        Map<String, List<String>> result = new LinkedHashMap<>();
        for (String pair : rawQuery.split("&", -1)) {
            int eq = pair.indexOf('=');
            if (eq <= 0 || eq == pair.length() - 1 || pair.chars().anyMatch(Character::isWhitespace)) {
                return Optional.empty();
            }
            result.computeIfAbsent(pair.substring(0, eq), k -> new ArrayList<>()).add(pair.substring(eq + 1));
        }
        return Optional.of(result);
    }

    /** Whether this scope applies to every resource type. */
    public boolean isWildcard() {
        return ANY_TYPE.equals(resourceType);
    }

    /** Whether this scope grants {@code permission}. */
    public boolean allows(Permission permission) {
        return permissions.contains(permission);
    }

    /** Whether this scope carries a granular query. */
    public boolean hasQuery() {
        return !query.isEmpty();
    }

    /** The normalized permission letters, e.g. {@code rs} for v1 {@code read}. */
    public String permissionLetters() {
        StringBuilder sb = new StringBuilder();
        permissions.forEach(p -> sb.append(p.letter()));
        return sb.toString();
    }

    /** The granular query as a FHIR search string ({@code category=a|b&code=c}), empty when there is none. */
    public String queryString() {
        StringBuilder sb = new StringBuilder();
        query.forEach((name, values) -> values.forEach(v -> {
            if (!sb.isEmpty()) {
                sb.append('&');
            }
            sb.append(name).append('=').append(v);
        }));
        return sb.toString();
    }

    /**
     * Whether a grant of {@code this} scope also grants everything {@code requested} asks for: same context, same or
     * wildcard type, a superset of permissions, and no query here or the very same query.
     */
    public boolean covers(Scope requested) {
        return context == requested.context
                && (isWildcard() || resourceType.equals(requested.resourceType))
                && permissions.containsAll(requested.permissions)
                && (query.isEmpty() || query.equals(requested.query));
    }
}
