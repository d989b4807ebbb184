package io.github.hapismart.enforce;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.IAnonymousInterceptor;
import ca.uhn.fhir.interceptor.api.IInterceptorService;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.IPreResourceAccessDetails;
import ca.uhn.fhir.rest.api.server.IPreResourceShowDetails;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.ResponseDetails;
import ca.uhn.fhir.rest.api.server.bulk.BulkExportJobParameters;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.interceptor.consent.ConsentInterceptor;
import ca.uhn.fhir.rest.server.servlet.ServletRequestDetails;
import ca.uhn.fhir.rest.server.util.ICachedSearchDetails;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * The enforcement's hooks on HAPI: for each pointcut, one hook that calls the hooks of the enforcement's parts
 * (narrowing, guards, consent, authorization) in exactly the order HAPI would call them if each part were registered
 * on its own ({@link HookOrder}), with the same arguments. It exists for cost only: each hook HAPI calls
 * costs a parameter lookup per argument, a reflective call and tracing attributes, and each pointcut with hooks costs
 * a list copy and sort and, at its call site, a parameter map; a read met 16 of the parts' hooks on 6 pointcuts, and
 * meets 5 hooks on 5 pointcuts here. The hooks that answer nothing are HAPI anonymous interceptors, which HAPI calls
 * without reflection ({@link #registerOn}); the three that answer are this object's annotated methods.
 *
 * <p>When the enforcement is given the bearer check ({@link BearerTokenInterceptor}), its hook is one more part:
 * the {@code SERVER_INCOMING_REQUEST_POST_PROCESSED} hook authenticates, then plans, so that pointcut has one hook
 * where the check registered on its own made HAPI call two (a reflective call, and a copy and sort of the pointcut's
 * hooks on every request).
 *
 * <p>Two hooks of HAPI's {@code ConsentInterceptor} are left out: {@code requestSucceeded} and {@code requestFailed}
 * only tell each consent service how the request ended, and the enforcement's one consent service
 * ({@link SearchResultFilter}) does nothing with that (it keeps {@code IConsentService}'s empty defaults). Leaving
 * them out spares every request the {@code SERVER_PROCESSING_COMPLETED_NORMALLY} pointcut.
 *
 * <p>A pointcut's hook runs at the earliest order among the parts' hooks it stands for, so another interceptor's hook
 * that HAPI called between two parts now runs after all of them: it sees the request as the enforcement left it. The
 * exception is {@code SERVER_HANDLE_EXCEPTION}, where the explanation of a 403 keeps its own order, before HAPI's
 * exception handler (order 0), which ends that pointcut once it has written the answer. {@code EnforcementHooksTest}
 * proves, pointcut by pointcut, that this class calls the same part methods, with the same arguments, in the same
 * order as registering the parts does (but the two left out), and fails on a HAPI upgrade that adds a hook to a part.
 */
@Interceptor
public final class EnforcementHooks {

    private final SmartSearchNarrowingInterceptor narrowing;
    private final ConsentInterceptor consent;
    private final SmartAuthorizationInterceptor authorization;
    private final WriteGuard writeGuard;
    private final ExportOwnership exportOwnership;
    private final AuditTrailGuard auditTrailGuard;
    private final DenialExplanation explanation;
    /** The bearer check, when the enforcement runs it (else registered on its own); null otherwise. */
    private final BearerTokenInterceptor authentication;
    private final List<Direct> direct;

    EnforcementHooks(SmartSearchNarrowingInterceptor narrowing, ConsentInterceptor consent,
                     SmartAuthorizationInterceptor authorization, WriteGuard writeGuard,
                     ExportOwnership exportOwnership, AuditTrailGuard auditTrailGuard,
                     DenialExplanation explanation, BearerTokenInterceptor authentication) {
        this.narrowing = Objects.requireNonNull(narrowing, "narrowing");
        this.consent = Objects.requireNonNull(consent, "consent");
        this.authorization = Objects.requireNonNull(authorization, "authorization");
        this.writeGuard = Objects.requireNonNull(writeGuard, "writeGuard");
        this.exportOwnership = Objects.requireNonNull(exportOwnership, "exportOwnership");
        this.auditTrailGuard = Objects.requireNonNull(auditTrailGuard, "auditTrailGuard");
        this.explanation = Objects.requireNonNull(explanation, "explanation");
        this.authentication = authentication;
        this.direct = direct();
    }

    /**
     * One of this interceptor's hooks, as HAPI calls it without reflection: each reads from HAPI's parameters only
     * what its parts take, by type (and by position among parameters of the same type), as HAPI would pass them.
     */
    private record Direct(Pointcut pointcut, int order, IAnonymousInterceptor hook) {
    }

    /**
     * The hooks that answer nothing, registered as HAPI's anonymous interceptors: HAPI calls those directly, without
     * the reflective call, tracing attributes and lookup of every parameter that its call of an annotated hook costs.
     * The hooks that answer (whether to go on) stay annotated, as an anonymous interceptor cannot answer.
     */
    private List<Direct> direct() {
        return List.of(
                new Direct(Pointcut.SERVER_INCOMING_REQUEST_POST_PROCESSED,
                        authentication == null ? HookOrder.PLAN : HookOrder.AUTHENTICATE, (pointcut, params) ->
                        postProcessed(params.get(RequestDetails.class), params.get(HttpServletRequest.class),
                                params.get(HttpServletResponse.class))),
                new Direct(Pointcut.SERVER_INCOMING_REQUEST_PRE_HANDLED, HookOrder.GUARD, (pointcut, params) ->
                        preHandled(params.get(RequestDetails.class), params.get(ServletRequestDetails.class),
                                params.get(RestOperationTypeEnum.class))),
                new Direct(Pointcut.STORAGE_PREACCESS_RESOURCES, HookOrder.GUARD, (pointcut, params) ->
                        preAccess(params.get(IPreResourceAccessDetails.class), params.get(RequestDetails.class))),
                new Direct(Pointcut.STORAGE_PRESHOW_RESOURCES, HookOrder.GUARD, (pointcut, params) ->
                        preShow(params.get(IPreResourceShowDetails.class), params.get(RequestDetails.class))),
                new Direct(Pointcut.SERVER_OUTGOING_RESPONSE, HookOrder.CONSENT, (pointcut, params) ->
                        outgoingResponse(params.get(RequestDetails.class), params.get(ResponseDetails.class),
                                params.get(IBaseResource.class))),
                new Direct(Pointcut.STORAGE_PRESEARCH_REGISTERED, HookOrder.CONSENT, (pointcut, params) ->
                        preSearchRegistered(params.get(RequestDetails.class),
                                params.get(ICachedSearchDetails.class))),
                new Direct(Pointcut.STORAGE_INITIATE_BULK_EXPORT, HookOrder.GUARD, (pointcut, params) ->
                        initiateBulkExport(params.get(BulkExportJobParameters.class),
                                params.get(RequestDetails.class))),
                new Direct(Pointcut.STORAGE_PRESTORAGE_RESOURCE_CREATED, HookOrder.GUARD, (pointcut, params) ->
                        preCreate(params.get(IBaseResource.class), params.get(RequestDetails.class))),
                new Direct(Pointcut.STORAGE_PRESTORAGE_RESOURCE_UPDATED, HookOrder.GUARD, (pointcut, params) ->
                        preUpdate(params.get(IBaseResource.class, 0), params.get(IBaseResource.class, 1),
                                params.get(RequestDetails.class))),
                new Direct(Pointcut.STORAGE_PRESTORAGE_RESOURCE_DELETED, HookOrder.GUARD, (pointcut, params) ->
                        preDelete(params.get(IBaseResource.class), params.get(RequestDetails.class))),
                new Direct(Pointcut.STORAGE_CASCADE_DELETE, HookOrder.AUTHORIZE, (pointcut, params) ->
                        cascadeDelete(params.get(RequestDetails.class), params.get(IBaseResource.class))),
                new Direct(Pointcut.STORAGE_PRE_DELETE_EXPUNGE, HookOrder.AUTHORIZE, (pointcut, params) ->
                        preDeleteExpunge(params.get(RequestDetails.class))));
    }

    /**
     * Registers every hook on {@code service}: this object for the hooks that answer, one anonymous interceptor each
     * for the others ({@link #registrations()}).
     */
    void registerOn(IInterceptorService service) {
        service.registerInterceptor(this);
        for (Direct hook : direct) {
            service.registerAnonymousInterceptor(hook.pointcut(), hook.order(), hook.hook());
        }
    }

    /** What {@link #registerOn} registers, each one HAPI can unregister: this object, then the anonymous hooks. */
    List<Object> registrations() {
        List<Object> all = new ArrayList<>(List.of(this));
        direct.forEach(hook -> all.add(hook.hook()));
        return List.copyOf(all);
    }

    /** The parts whose hooks this interceptor calls, in HAPI's registration order (it breaks ties of order). */
    List<Object> parts() {
        List<Object> parts = new ArrayList<>();
        if (authentication != null) {
            parts.add(authentication);
        }
        parts.addAll(List.of(narrowing, consent, authorization));
        parts.addAll(guards());
        return List.copyOf(parts);
    }

    SmartSearchNarrowingInterceptor narrowing() {
        return narrowing;
    }

    ConsentInterceptor consent() {
        return consent;
    }

    SmartAuthorizationInterceptor authorization() {
        return authorization;
    }

    /** The guards and the explanation of 403s, in registration order. */
    List<Object> guards() {
        return List.of(writeGuard, exportOwnership, auditTrailGuard, explanation);
    }

    /**
     * The bearer check's answer is not needed: it goes on or throws ({@link BearerTokenInterceptor#authenticate}).
     */
    void postProcessed(RequestDetails request, HttpServletRequest servletRequest, HttpServletResponse servletResponse) {
        if (authentication != null) {
            authentication.authenticate(request);
        }
        narrowing.planAndNarrow(request, servletRequest, servletResponse);
    }

    /**
     * Parts that take servlet request and response get none here, as from HAPI: this pointcut does not carry them.
     */
    void preHandled(RequestDetails request, ServletRequestDetails servletRequestDetails,
                    RestOperationTypeEnum operation) {
        narrowing.narrowEntries(servletRequestDetails, null, null);
        writeGuard.refuseConditionalOperations(request, operation);
        exportOwnership.checkPolling(request);
        auditTrailGuard.checkRequest(request, operation);
        consent.interceptPreHandled(request);
        authorization.incomingRequestPreHandled(request, Pointcut.SERVER_INCOMING_REQUEST_PRE_HANDLED);
    }

    void preAccess(IPreResourceAccessDetails details, RequestDetails request) {
        auditTrailGuard.dropBeforeAccess(details, request);
        consent.interceptPreAccess(request, details);
    }

    void preShow(IPreResourceShowDetails details, RequestDetails request) {
        exportOwnership.checkBinaries(details, request);
        auditTrailGuard.dropFromResponses(details, request);
        consent.interceptPreShow(request, details);
        authorization.hookPreShow(request, details, Pointcut.STORAGE_PRESHOW_RESOURCES);
    }

    void outgoingResponse(RequestDetails request, ResponseDetails responseDetails, IBaseResource response) {
        consent.interceptOutgoingResponse(request, responseDetails);
        authorization.hookOutgoingResponse(request, response, Pointcut.SERVER_OUTGOING_RESPONSE);
    }

    @Hook(value = Pointcut.SERVER_HANDLE_EXCEPTION, order = HookOrder.EXPLAIN)
    public boolean explainRefusal(RequestDetails request, BaseServerResponseException exception) {
        return explanation.explain(request, exception);
    }

    @Hook(value = Pointcut.STORAGE_PRECHECK_FOR_CACHED_SEARCH, order = HookOrder.CONSENT)
    public boolean precheckForCachedSearch(RequestDetails request) {
        return consent.interceptPreCheckForCachedSearch(request);
    }

    void preSearchRegistered(RequestDetails request, ICachedSearchDetails search) {
        consent.interceptPreSearchRegistered(request, search);
    }

    @Hook(value = Pointcut.STORAGE_BULK_EXPORT_RESOURCE_INCLUSION, order = HookOrder.CONSENT)
    public boolean includeInBulkExport(BulkExportJobParameters parameters, IBaseResource resource) {
        return consent.shouldBulkExportIncludeResource(parameters, resource);
    }

    void initiateBulkExport(BulkExportJobParameters parameters, RequestDetails request) {
        exportOwnership.recordOwner(parameters, request);
        auditTrailGuard.leaveOutOfExports(parameters, request);
        authorization.initiateBulkExport(request, parameters, Pointcut.STORAGE_INITIATE_BULK_EXPORT);
    }

    void preCreate(IBaseResource resource, RequestDetails request) {
        writeGuard.checkCreated(resource, request);
        auditTrailGuard.refuseCreate(resource, request);
        authorization.hookResourcePreCreate(request, resource, Pointcut.STORAGE_PRESTORAGE_RESOURCE_CREATED);
    }

    void preUpdate(IBaseResource oldResource, IBaseResource newResource, RequestDetails request) {
        writeGuard.checkUpdated(oldResource, newResource, request);
        auditTrailGuard.refuseUpdate(oldResource, newResource, request);
        authorization.hookResourcePreUpdate(request, oldResource, newResource,
                Pointcut.STORAGE_PRESTORAGE_RESOURCE_UPDATED);
    }

    void preDelete(IBaseResource resource, RequestDetails request) {
        auditTrailGuard.refuseDelete(resource, request);
        authorization.hookResourcePreDelete(request, resource, Pointcut.STORAGE_PRESTORAGE_RESOURCE_DELETED);
    }

    void cascadeDelete(RequestDetails request, IBaseResource resource) {
        authorization.hookCascadeDeleteForConflict(request, Pointcut.STORAGE_CASCADE_DELETE, resource);
    }

    void preDeleteExpunge(RequestDetails request) {
        authorization.hookDeleteExpunge(request, Pointcut.STORAGE_PRE_DELETE_EXPUNGE);
    }
}
