package io.github.hapismart.enforce;

import ca.uhn.fhir.rest.server.interceptor.auth.AuthorizationConstants;

/**
 * The order of every enforcement hook, declared here and nowhere else. HAPI calls the hooks of one pointcut in
 * ascending order (a hook without an order takes its class's {@code @Interceptor} order); registration order only
 * breaks ties, and nothing in the enforcement relies on it. No value here is 0, which HAPI reads as "unset". The
 * enforcement's parts keep their hooks' orders, but are not registered themselves: {@link EnforcementHooks} calls
 * them in this order, one HAPI hook per pointcut, at the earliest order of the parts it calls.
 *
 * <p>In request order (see the package documentation for what each hook decides):
 * <ol>
 *   <li>{@code SERVER_INCOMING_REQUEST_POST_PROCESSED}: {@link #AUTHENTICATE}, then {@link #PLAN}.</li>
 *   <li>{@code SERVER_INCOMING_REQUEST_PRE_HANDLED}: {@link #GUARD}, then HAPI's {@link #CONSENT} and
 *       {@link #AUTHORIZE}.</li>
 *   <li>{@code SERVER_PRE_PROCESS_OUTGOING_EXCEPTION}: {@link #CLASSIFY}, before HAPI's exception handler turns
 *       every unknown failure into a 500.</li>
 *   <li>{@code SERVER_HANDLE_EXCEPTION}: {@link #REPORT}, then the explanation of a 403 ({@link #EXPLAIN}), then
 *       the audit trail's record of the refusal ({@link #RECORD_REFUSAL}), all before HAPI's exception handler
 *       renders the answer.</li>
 *   <li>Storage pointcuts ({@code STORAGE_PRESTORAGE_RESOURCE_*}, {@code STORAGE_INITIATE_BULK_EXPORT},
 *       {@code STORAGE_PRESHOW_RESOURCES}): {@link #GUARD}, then {@link #CONSENT}, then {@link #AUTHORIZE}; the
 *       audit trail's export record last ({@link #RECORD}).</li>
 *   <li>{@code SERVER_OUTGOING_RESPONSE}: HAPI's hooks, then the audit trail ({@link #RECORD}).</li>
 * </ol>
 */
public final class HookOrder {

    /** The bearer check attaches the grant; first, because every later hook reads it. */
    public static final int AUTHENTICATE = -200;

    /** Search narrowing and the request's {@link SearchPlan}; after the grant is known, before anything reads it. */
    public static final int PLAN = -100;

    /**
     * The guards that refuse outright (conditional writes, writes into another patient's compartment, foreign export
     * jobs and files) and the narrowing of batch entries; before the consent and authorization hooks, so a refusal
     * names its reason and batch entries are narrowed before HAPI looks at them.
     */
    public static final int GUARD = -50;

    /**
     * Recognises a request HAPI could not read (malformed percent-encoding in its query or form body) as the client's
     * mistake, a 400; before HAPI's exception handler, whose hook has no order (0) and makes any other failure a 500.
     */
    public static final int CLASSIFY = -300;

    /**
     * The one-line log of a refused request ({@link DenialLog}); before HAPI's exception handler, whose hook has no
     * order (0) and ends the pointcut once it has written the answer.
     */
    public static final int REPORT = -300;

    /**
     * {@code SERVER_HANDLE_EXCEPTION}: the explanation of a 403 ({@link DenialExplanation}); after the one-line log
     * ({@link #REPORT}), before the audit trail's record of the refusal ({@link #RECORD_REFUSAL}), and before HAPI's
     * exception handler (order 0), which writes the answer.
     */
    public static final int EXPLAIN = -250;

    /** {@code SERVER_HANDLE_EXCEPTION}: the audit trail's record of a refusal, with the explained reason. */
    public static final int RECORD_REFUSAL = -200;

    /**
     * The audit trail's other hooks ({@code SERVER_OUTGOING_RESPONSE}, {@code STORAGE_INITIATE_BULK_EXPORT}): after
     * every enforcement hook of the same pointcut, so that only what was actually answered is recorded.
     */
    public static final int RECORD = 1_000;

    /** HAPI's {@code ConsentInterceptor} ({@link SearchResultFilter}): its own fixed order. */
    public static final int CONSENT = AuthorizationConstants.ORDER_CONSENT_INTERCEPTOR;

    /** HAPI's {@code AuthorizationInterceptor} ({@link SmartAuthorizationInterceptor}): its own fixed order. */
    public static final int AUTHORIZE = AuthorizationConstants.ORDER_AUTH_INTERCEPTOR;

    private HookOrder() {
    }
}
