/**
 * Scope enforcement on the FHIR API: what a verified token may see and do. Every hook's order is declared in
 * {@link io.github.hapismart.enforce.HookOrder}; this is what each decides, in the order a request meets them. The
 * parts are not registered themselves: {@link io.github.hapismart.enforce.EnforcementHooks} calls their hooks in
 * that order, one HAPI hook per pointcut; the bearer check too when it is handed to the enforcement (as the plugin
 * does), else it is registered on its own and runs first by its order.
 *
 * <ol>
 *   <li><b>Authenticate</b> ({@code SERVER_INCOMING_REQUEST_POST_PROCESSED}, {@code AUTHENTICATE}):
 *       {@link io.github.hapismart.enforce.BearerTokenInterceptor} verifies the bearer token (401 if missing or
 *       invalid; {@code /metadata} needs none) and attaches its immutable {@code AccessGrant} to the request. Which
 *       tokens it accepts is its one seam, a {@link io.github.hapismart.enforce.BearerTokenResolver}: the plugin's
 *       own, or in resource-server mode an external server's ({@code io.github.hapismart.resource}); nothing after
 *       this step knows which.</li>
 *   <li><b>Plan</b> ({@code SERVER_INCOMING_REQUEST_POST_PROCESSED}, {@code PLAN}):
 *       {@link io.github.hapismart.enforce.SmartSearchNarrowingInterceptor} lets HAPI's search narrowing add the
 *       launch patient to the searches of a grant bound to that one patient, then computes the request's
 *       {@code SearchPlan} from the grant's {@link io.github.hapismart.enforce.GrantReach}: the granular query added
 *       to a type search, whether its matches are already confined to the reach and to the query, and whether each
 *       resource of the response must still be checked. The plan is the only state the later hooks share, under one
 *       request key.</li>
 *   <li><b>Guard</b> ({@code SERVER_INCOMING_REQUEST_PRE_HANDLED}, {@code GUARD}):
 *       {@link io.github.hapismart.enforce.WriteGuard} refuses conditional create/update/patch/delete, directly or in a
 *       batch or transaction; {@code ExportOwnership} refuses polling an export job started by another client or
 *       patient; the narrowing interceptor narrows the searches inside a batch or transaction (reads by id left
 *       alone).</li>
 *   <li><b>Consent</b> ({@code SERVER_INCOMING_REQUEST_PRE_HANDLED} and the storage pointcuts, HAPI's {@code CONSENT}
 *       order): {@code SearchResultFilter} marks a request whose plan needs no per-resource check as authorized,
 *       or else drops from the response each resource the rules do not allow (instead of a 403 for the whole
 *       search).</li>
 *   <li><b>Authorize</b> (HAPI's {@code AUTHORIZE} order, on the request, on storage writes and on every resource
 *       shown): {@link io.github.hapismart.enforce.SmartAuthorizationInterceptor} applies the rules
 *       {@link io.github.hapismart.enforce.ScopeRuleCompiler} compiled from the grant: first match wins, default
 *       deny.</li>
 *   <li><b>Storage guards</b> ({@code STORAGE_PRESTORAGE_RESOURCE_CREATED}/{@code UPDATED},
 *       {@code STORAGE_INITIATE_BULK_EXPORT}, {@code STORAGE_PRESHOW_RESOURCES}, at {@code GUARD}, before the rules
 *       of the same pointcut): the write guard refuses a resource that would also sit in another patient's
 *       compartment; export ownership stamps an export's files with their owner and refuses showing another
 *       owner's.</li>
 * </ol>
 *
 * <p>Where a grant reaches is one question with one answer: {@link io.github.hapismart.enforce.ReachPolicy} turns a
 * grant into its {@link io.github.hapismart.enforce.GrantReach}, which the rule compiler, the planner, the write guard
 * and export ownership all read.
 *
 * <p>May depend on {@code scope}, {@code token} (the bearer check verifies access tokens), {@code audit} and HAPI's server API
 * ({@code ca.uhn.fhir}); never on the JPA modules, on {@code hapi} or on {@code boot}. Installed by {@code hapi}.
 */
package io.github.hapismart.enforce;
