package io.github.hapismart.enforce;

import ca.uhn.fhir.rest.server.interceptor.auth.IAuthorizationSearchParamMatcher;
import java.util.Arrays;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Resource;

/** Test stand-in for the JPA matcher: understands {@code category=system|code} only, and says so otherwise. */
class CategoryFilterMatcher implements IAuthorizationSearchParamMatcher {

    @Override
    public MatchResult match(String query, IBaseResource resource) {
        String params = query.contains("?") ? query.substring(query.indexOf('?') + 1) : query;
        boolean all = true;
        for (String pair : params.split("&")) {
            if (!pair.startsWith("category=")) {
                return MatchResult.buildUnsupported("only category is supported in tests: " + pair);
            }
            String values = pair.substring("category=".length());
            all &= Arrays.stream(values.split(","))
                    .anyMatch(v -> InMemoryProvider.hasCategory((Resource) resource, v));
        }
        return all ? MatchResult.buildMatched() : MatchResult.buildUnmatched();
    }
}
