package io.github.hapismart.enforce;

import java.util.List;
import java.util.Map;

/**
 * What a grant's scopes require of every result of a search on one resource type, beyond its compartment: whether
 * the grant may search the type at all, and whether a granular query restricts the results. A restriction that
 * {@link #isNarrowable() can be narrowed} is added to the search as parameters, so the database returns only what
 * the scopes allow; the others leave the result filter to drop what the rules do not allow.
 *
 * @param kind       the case
 * @param parameters the search parameters that express the restriction (name → one value, ANDed), for
 *                   {@link Kind#NARROWABLE} only
 */
record SearchRestriction(Kind kind, Map<String, List<String>> parameters) {

    /** The cases. */
    enum Kind {
        /** No scope of the grant allows searching the type. */
        DENIED,
        /** Some scope allows searching the type without a query. */
        UNRESTRICTED,
        /** Every scope that allows the search has a query, and together they are one set of search parameters. */
        NARROWABLE,
        /** The queries cannot be written as one search, so results must be filtered one by one. */
        UNNARROWABLE
    }

    static final SearchRestriction DENIED = new SearchRestriction(Kind.DENIED, Map.of());
    static final SearchRestriction UNRESTRICTED = new SearchRestriction(Kind.UNRESTRICTED, Map.of());
    static final SearchRestriction UNNARROWABLE = new SearchRestriction(Kind.UNNARROWABLE, Map.of());

    SearchRestriction {
        parameters = Map.copyOf(parameters);
    }

    static SearchRestriction narrowTo(Map<String, List<String>> parameters) {
        return new SearchRestriction(Kind.NARROWABLE, parameters);
    }

    boolean isNarrowable() {
        return kind == Kind.NARROWABLE;
    }
}
