package io.github.hapismart.hapi;

import ca.uhn.fhir.rest.server.RestfulServer;
import ca.uhn.fhir.rest.server.interceptor.auth.IAuthorizationSearchParamMatcher;
import ca.uhn.fhir.rest.server.interceptor.consent.ConsentInterceptor;
import java.util.List;
import java.util.Objects;

/**
 * The scope-enforcing interceptors of one FHIR server, registered together by {@link #register}. Enforcement expects a
 * bearer-token interceptor (registered separately) to put the request's {@code AccessGrant} into the request's user
 * data before these run.
 *
 * @param authorization the rule-based authorization, compiled from the grant on each request
 * @param narrowing     adds the launch patient to searches of patient-bound tokens
 * @param consent       drops resources the rules do not allow (e.g. outside a granular filter) from search results
 *                      instead of failing the whole search; it hides {@code Bundle.total}, and needs the resource
 *                      providers to fire {@code STORAGE_PREACCESS_RESOURCES} (HAPI JPA does)
 * @param guards        the write guard (refuses conditional writes and writes that would put a resource into a
 *                      Patient compartment the grant does not reach) and the bulk export ownership check
 */
public record SmartEnforcement(
        SmartAuthorizationInterceptor authorization,
        SmartSearchNarrowingInterceptor narrowing,
        ConsentInterceptor consent,
        List<Object> guards) {

    public SmartEnforcement {
        Objects.requireNonNull(authorization, "authorization");
        Objects.requireNonNull(narrowing, "narrowing");
        Objects.requireNonNull(consent, "consent");
        guards = List.copyOf(guards);
    }

    /**
     * Builds and registers the interceptors on {@code server}.
     *
     * @param server           the FHIR server
     * @param filterMatcher    evaluates granular scope queries against resources (on a JPA server:
     *                         {@link JpaFilterMatcher#of}); {@code null} makes every filter rule fail closed, so
     *                         granular scopes then grant nothing
     * @param userAccessPolicy reach of {@code user/} scopes for non-patient users
     */
    public static SmartEnforcement register(RestfulServer server, IAuthorizationSearchParamMatcher filterMatcher,
                                            UserAccessPolicy userAccessPolicy) {
        return register(server, filterMatcher, userAccessPolicy, null);
    }

    /**
     * As {@link #register(RestfulServer, IAuthorizationSearchParamMatcher, UserAccessPolicy)}, with the lookup that
     * binds bulk export jobs to their owner ({@link Batch2ExportJobOwners#of} on HAPI JPA); {@code null} refuses
     * export status polling to every SMART token.
     */
    public static SmartEnforcement register(RestfulServer server, IAuthorizationSearchParamMatcher filterMatcher,
                                            UserAccessPolicy userAccessPolicy, ExportJobOwners exportJobOwners) {
        ScopeRuleCompiler compiler = new ScopeRuleCompiler(userAccessPolicy);
        SmartAuthorizationInterceptor authorization = new SmartAuthorizationInterceptor(compiler);
        if (filterMatcher != null) {
            authorization.setAuthorizationSearchParamMatcher(filterMatcher);
        }
        SmartEnforcement enforcement = new SmartEnforcement(authorization,
                new SmartSearchNarrowingInterceptor(compiler),
                new ConsentInterceptor(new SearchResultFilter(authorization, compiler)), List.of(new WriteGuard(compiler), new ExportOwnership(compiler, exportJobOwners)));
        enforcement.interceptors().forEach(server::registerInterceptor);
        return enforcement;
    }

    /** The interceptors, in registration order. */
    public List<Object> interceptors() {
        List<Object> all = new java.util.ArrayList<>(List.of(narrowing, consent, authorization));
        all.addAll(guards);
        return List.copyOf(all);
    }
}
