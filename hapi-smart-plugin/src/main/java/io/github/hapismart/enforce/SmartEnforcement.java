package io.github.hapismart.enforce;

import ca.uhn.fhir.rest.server.RestfulServer;
import ca.uhn.fhir.rest.server.interceptor.auth.IAuthorizationSearchParamMatcher;
import ca.uhn.fhir.rest.server.interceptor.consent.ConsentInterceptor;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The scope-enforcing interceptors of one FHIR server, registered together by {@link #register}. Enforcement expects a
 * bearer-token interceptor ({@link BearerTokenInterceptor}, registered separately) to put the request's
 * {@code AccessGrant} into the request's user data; its {@link HookOrder#AUTHENTICATE} order runs it before these,
 * whatever the registration order.
 *
 * @param authorization the rule-based authorization, compiled from the grant on each request
 * @param narrowing     plans each request's searches and narrows them to the launch patient and granular query
 * @param consent       drops resources the rules do not allow (e.g. outside a granular filter) from search results
 *                      instead of failing the whole search; it hides {@code Bundle.total} where it filters, allows
 *                      counts only where they are exact ({@code CountGuard}), and needs the resource providers to
 *                      fire {@code STORAGE_PREACCESS_RESOURCES} (HAPI JPA does)
 * @param guards        the write guard (refuses conditional writes and writes that would put a resource into a
 *                      Patient compartment the grant does not reach), the bulk export ownership check, the audit
 *                      trail's guard (AuditEvents only for {@code system/AuditEvent.rs}) and the explanation of
 *                      403s
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
     *                         {@code io.github.hapismart.hapi.JpaFilterMatcher.of}); {@code null} makes every filter
     *                         rule fail closed, so granular scopes then grant nothing
     * @param userAccessPolicy reach of {@code user/} scopes for non-patient users
     */
    public static SmartEnforcement register(RestfulServer server, IAuthorizationSearchParamMatcher filterMatcher,
                                            UserAccessPolicy userAccessPolicy) {
        return register(server, filterMatcher, userAccessPolicy, null);
    }

    /**
     * As {@link #register(RestfulServer, IAuthorizationSearchParamMatcher, UserAccessPolicy)}, with the lookup that
     * binds bulk export jobs to their owner ({@code io.github.hapismart.hapi.Batch2ExportJobOwners.of} on HAPI JPA);
     * {@code null} refuses export status polling to every SMART token.
     */
    public static SmartEnforcement register(RestfulServer server, IAuthorizationSearchParamMatcher filterMatcher,
                                            UserAccessPolicy userAccessPolicy, ExportJobOwners exportJobOwners) {
        SmartEnforcement enforcement = create(new ReachPolicy(userAccessPolicy), filterMatcher, exportJobOwners);
        enforcement.interceptors().forEach(server::registerInterceptor);
        return enforcement;
    }

    /** The interceptors for {@code reachPolicy}, not yet registered anywhere. */
    public static SmartEnforcement create(ReachPolicy reachPolicy, IAuthorizationSearchParamMatcher filterMatcher,
                                          ExportJobOwners exportJobOwners) {
        SearchPlanner planner = new SearchPlanner(reachPolicy);
        SmartAuthorizationInterceptor authorization =
                new SmartAuthorizationInterceptor(new ScopeRuleCompiler(reachPolicy), planner);
        if (filterMatcher != null) {
            authorization.setAuthorizationSearchParamMatcher(filterMatcher);
        }
        return new SmartEnforcement(authorization, new SmartSearchNarrowingInterceptor(planner),
                new SmartConsentInterceptor(new SearchResultFilter(authorization, planner)),
                List.of(new WriteGuard(reachPolicy), new ExportOwnership(reachPolicy, exportJobOwners),
                        new AuditTrailGuard(), new DenialExplanation()));
    }

    /** The interceptors; their hooks run in {@link HookOrder}, whatever order they are registered in. */
    public List<Object> interceptors() {
        List<Object> all = new ArrayList<>(List.of(narrowing, consent, authorization));
        all.addAll(guards);
        return List.copyOf(all);
    }
}
