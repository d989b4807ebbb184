package io.github.hapismart.enforce;

import ca.uhn.fhir.rest.server.RestfulServer;
import ca.uhn.fhir.rest.server.interceptor.auth.IAuthorizationSearchParamMatcher;
import ca.uhn.fhir.rest.server.interceptor.consent.ConsentInterceptor;
import java.util.List;

/**
 * The scope enforcement of one FHIR server, registered by {@link #register}: its parts (the rule-based authorization,
 * the search narrowing and planning, the consent filter of search results, and the guards), never registered
 * themselves but called by {@link EnforcementHooks} in {@link HookOrder}. Enforcement expects a bearer-token
 * interceptor ({@link BearerTokenInterceptor}) to put the request's {@code AccessGrant} into the request's user data:
 * either given to {@link #register(RestfulServer, IAuthorizationSearchParamMatcher, UserAccessPolicy,
 * ExportJobOwners, BearerTokenInterceptor)}, which runs it first in the enforcement's own hook (one hook fewer on
 * every request), or registered separately, where its {@link HookOrder#AUTHENTICATE} order runs it before these,
 * whatever the registration order.
 */
public final class SmartEnforcement {

    private final EnforcementHooks hooks;

    private SmartEnforcement(EnforcementHooks hooks) {
        this.hooks = hooks;
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
        return register(server, filterMatcher, userAccessPolicy, exportJobOwners, null);
    }

    /**
     * As {@link #register(RestfulServer, IAuthorizationSearchParamMatcher, UserAccessPolicy, ExportJobOwners)}, with
     * the bearer check run by the enforcement's own hook, first, instead of registered on its own.
     *
     * @param authentication the bearer check, not registered anywhere; null when it is registered separately
     */
    public static SmartEnforcement register(RestfulServer server, IAuthorizationSearchParamMatcher filterMatcher,
                                            UserAccessPolicy userAccessPolicy, ExportJobOwners exportJobOwners,
                                            BearerTokenInterceptor authentication) {
        SmartEnforcement enforcement = create(new ReachPolicy(userAccessPolicy), filterMatcher, exportJobOwners,
                authentication);
        enforcement.hooks.registerOn(server.getInterceptorService());
        return enforcement;
    }

    /** The interceptors for {@code reachPolicy}, not yet registered anywhere; the bearer check registered apart. */
    public static SmartEnforcement create(ReachPolicy reachPolicy, IAuthorizationSearchParamMatcher filterMatcher,
                                          ExportJobOwners exportJobOwners) {
        return create(reachPolicy, filterMatcher, exportJobOwners, null);
    }

    /**
     * The interceptors for {@code reachPolicy}, not yet registered anywhere, running {@code authentication} (if not
     * null) first.
     */
    public static SmartEnforcement create(ReachPolicy reachPolicy, IAuthorizationSearchParamMatcher filterMatcher,
                                          ExportJobOwners exportJobOwners, BearerTokenInterceptor authentication) {
        SearchPlanner planner = new SearchPlanner(reachPolicy);
        SmartAuthorizationInterceptor authorization =
                new SmartAuthorizationInterceptor(new ScopeRuleCompiler(reachPolicy), planner);
        if (filterMatcher != null) {
            authorization.setAuthorizationSearchParamMatcher(filterMatcher);
        }
        return new SmartEnforcement(new EnforcementHooks(new SmartSearchNarrowingInterceptor(planner),
                new SmartConsentInterceptor(new SearchResultFilter(authorization, planner)), authorization,
                new WriteGuard(reachPolicy), new ExportOwnership(reachPolicy, exportJobOwners),
                new AuditTrailGuard(), new DenialExplanation(), authentication));
    }

    /**
     * The rule-based authorization, compiled from the grant on each request: HAPI's {@code AuthorizationInterceptor},
     * called by {@link EnforcementHooks}, never registered itself.
     */
    public SmartAuthorizationInterceptor authorization() {
        return hooks.authorization();
    }

    /** Plans each request's searches and narrows them to the launch patient and granular query. */
    public SmartSearchNarrowingInterceptor narrowing() {
        return hooks.narrowing();
    }

    /**
     * Drops resources the rules do not allow (e.g. outside a granular filter) from search results instead of failing
     * the whole search; it hides {@code Bundle.total} where it filters, allows counts only where they are exact
     * ({@code CountGuard}), and needs the resource providers to fire {@code STORAGE_PREACCESS_RESOURCES} (HAPI JPA
     * does).
     */
    public ConsentInterceptor consent() {
        return hooks.consent();
    }

    /**
     * The write guard (refuses conditional writes and writes that would put a resource into a Patient compartment the
     * grant does not reach), the bulk export ownership check, the audit trail's guard (AuditEvents only for
     * {@code system/AuditEvent.rs}) and the explanation of 403s.
     */
    public List<Object> guards() {
        return hooks.guards();
    }

    /**
     * What {@link #register} puts on the server's interceptor service (each can be unregistered): the hooks that call
     * every part's hooks in {@link HookOrder} ({@link EnforcementHooks}).
     */
    public List<Object> interceptors() {
        return hooks.registrations();
    }
}
