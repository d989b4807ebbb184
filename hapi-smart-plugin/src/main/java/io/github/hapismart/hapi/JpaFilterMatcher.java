package io.github.hapismart.hapi;

import ca.uhn.fhir.jpa.searchparam.matcher.AuthorizationSearchParamMatcher;
import ca.uhn.fhir.jpa.searchparam.matcher.SearchParamMatcher;
import ca.uhn.fhir.rest.server.interceptor.auth.IAuthorizationSearchParamMatcher;

/**
 * Adapts HAPI JPA's in-memory {@link SearchParamMatcher} to the matcher granular scope rules need. This is the only
 * class touching the optional {@code hapi-fhir-jpaserver-searchparam} dependency; do not load it on a server without it.
 */
public final class JpaFilterMatcher {

    private JpaFilterMatcher() {
    }

    /** The matcher for {@link SmartEnforcement#register}, from the JPA server's {@code SearchParamMatcher} bean. */
    public static IAuthorizationSearchParamMatcher of(SearchParamMatcher searchParamMatcher) {
        return new AuthorizationSearchParamMatcher(searchParamMatcher);
    }
}
