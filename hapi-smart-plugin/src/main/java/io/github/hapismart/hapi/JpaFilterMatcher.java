package io.github.hapismart.hapi;

import ca.uhn.fhir.jpa.searchparam.MatchUrlService;
import ca.uhn.fhir.jpa.searchparam.extractor.ResourceIndexedSearchParams;
import ca.uhn.fhir.jpa.searchparam.matcher.AuthorizationSearchParamMatcher;
import ca.uhn.fhir.jpa.searchparam.matcher.InMemoryMatchResult;
import ca.uhn.fhir.jpa.searchparam.matcher.InMemoryResourceMatcher;
import ca.uhn.fhir.jpa.searchparam.matcher.IndexedSearchParamExtractor;
import ca.uhn.fhir.jpa.searchparam.matcher.SearchParamMatcher;
import ca.uhn.fhir.rest.server.interceptor.auth.IAuthorizationSearchParamMatcher;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * Evaluates granular scope queries ({@code category=…|laboratory}) against resources with HAPI JPA's in-memory
 * matcher, for the filter rules of {@link io.github.hapismart.enforce.ScopeRuleCompiler}. This is the only class touching the optional
 * {@code hapi-fhir-jpaserver-searchparam} dependency; do not load it on a server without it.
 *
 * <p>{@link #of(InMemoryResourceMatcher, IndexedSearchParamExtractor)} indexes only the search parameters the query
 * names before matching; HAPI's own {@link SearchParamMatcher} indexes every search parameter of the resource, which
 * was most of the cost of a granular-scope search (docs/benchmarks.md). A query naming a parameter that cannot be
 * evaluated in memory is "unsupported", which the rules treat as no match.
 */
public final class JpaFilterMatcher implements IAuthorizationSearchParamMatcher {

    private final InMemoryResourceMatcher matcher;
    private final IndexedSearchParamExtractor extractor;

    private JpaFilterMatcher(InMemoryResourceMatcher matcher, IndexedSearchParamExtractor extractor) {
        this.matcher = Objects.requireNonNull(matcher, "matcher");
        this.extractor = Objects.requireNonNull(extractor, "extractor");
    }

    /**
     * The matcher for {@link io.github.hapismart.enforce.SmartEnforcement#register}, from the JPA server's {@code InMemoryResourceMatcher} and
     * {@code IndexedSearchParamExtractor} beans (both defined by HAPI's {@code SearchParamConfig}).
     */
    public static IAuthorizationSearchParamMatcher of(InMemoryResourceMatcher matcher,
                                                      IndexedSearchParamExtractor extractor) {
        return new JpaFilterMatcher(matcher, extractor);
    }

    /** HAPI's own adapter around its {@code SearchParamMatcher} bean: correct, but indexes every parameter. */
    public static IAuthorizationSearchParamMatcher of(SearchParamMatcher searchParamMatcher) {
        return new AuthorizationSearchParamMatcher(searchParamMatcher);
    }

    @Override
    public MatchResult match(String criteria, IBaseResource resource) {
        try {
            Set<String> names = parameterNames(criteria);
            ResourceIndexedSearchParams indexed = extractor.extractIndexedSearchParams(resource, null,
                    all -> all.stream().filter(sp -> names.contains(sp.getName())).toList());
            InMemoryMatchResult result = matcher.match(criteria, resource, indexed, null);
            if (!result.supported()) {
                return MatchResult.buildUnsupported(result.getUnsupportedReason());
            }
            return result.matched() ? MatchResult.buildMatched() : MatchResult.buildUnmatched();
        } catch (MatchUrlService.UnrecognizedSearchParameterException | IllegalArgumentException e) {
            return MatchResult.buildUnsupported(e.getMessage());
        }
    }

    /** The search parameter names of {@code Type?a=1&b:modifier=2}: {@code a}, {@code b}. */
    static Set<String> parameterNames(String criteria) {
        Set<String> names = new HashSet<>();
        int query = criteria.indexOf('?');
        for (String pair : criteria.substring(query + 1).split("&")) {
            String name = pair.contains("=") ? pair.substring(0, pair.indexOf('=')) : pair;
            int modifier = name.indexOf(':');
            int chain = name.indexOf('.');
            int end = modifier < 0 ? (chain < 0 ? name.length() : chain)
                    : (chain < 0 ? modifier : Math.min(modifier, chain));
            if (end > 0) {
                names.add(name.substring(0, end));
            }
        }
        return names;
    }
}
