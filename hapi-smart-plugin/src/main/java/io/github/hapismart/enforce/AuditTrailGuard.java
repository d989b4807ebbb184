package io.github.hapismart.enforce;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.IPreResourceAccessDetails;
import ca.uhn.fhir.rest.api.server.IPreResourceShowDetails;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.bulk.BulkExportJobParameters;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import io.github.hapismart.scope.AccessGrant;
import io.github.hapismart.scope.Scope;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * Keeps the audit trail ({@code AuditEvent}) for auditors: only a grant with an explicit
 * {@code system/AuditEvent} read or search scope ({@link #AUDITOR_SCOPE}; a wildcard such as {@code system/*.rs}
 * does not count) reads AuditEvents, and no token writes them (the server records them itself, outside the API).
 * For every other grant an AuditEvent is refused when asked for by type (read, search, history), dropped from any
 * response that would carry it ({@code $everything}, {@code _include}, {@code _revinclude}, {@code _type}, system
 * history, batches; an AuditEvent about a patient sits in that patient's compartment), and left out of bulk exports.
 * Requests without a grant (the server's own work) are not touched.
 */
@Interceptor
final class AuditTrailGuard {

    /** The scope an auditor needs (its read or search part). */
    static final String AUDITOR_SCOPE = "system/AuditEvent.rs";
    private static final String TYPE = "AuditEvent";
    private static final Set<RestOperationTypeEnum> READS = EnumSet.of(RestOperationTypeEnum.READ,
            RestOperationTypeEnum.VREAD, RestOperationTypeEnum.SEARCH_TYPE, RestOperationTypeEnum.HISTORY_INSTANCE,
            RestOperationTypeEnum.HISTORY_TYPE, RestOperationTypeEnum.GET_PAGE);

    /** Whether {@code grant} may read the audit trail. */
    static boolean isAuditor(AccessGrant grant) {
        // A plain loop: this runs on the access and show steps of every request.
        for (Scope scope : grant.scopes().resourceScopes()) {
            if (scope.context() == Scope.Context.SYSTEM && TYPE.equals(scope.resourceType()) && !scope.hasQuery()
                    && (scope.allows(Scope.Permission.R) || scope.allows(Scope.Permission.S))) {
                return true;
            }
        }
        return false;
    }

    @Hook(value = Pointcut.SERVER_INCOMING_REQUEST_PRE_HANDLED, order = HookOrder.GUARD)
    public void checkRequest(RequestDetails request, RestOperationTypeEnum operation) {
        AccessGrant grant = EnforcementRequest.grantOf(request).orElse(null);
        if (grant == null || !TYPE.equals(request.getResourceName())) {
            return;
        }
        if (!READS.contains(operation)) {
            throw refused("AuditEvents are recorded by the server only; no token may write them");
        }
        if (!isAuditor(grant)) {
            throw refused("reading AuditEvents needs " + AUDITOR_SCOPE);
        }
    }

    /**
     * Drops AuditEvents before the server lets anyone see them. HAPI removes a resource marked here on every storage
     * path, history included; a resource set to {@code null} at the show step instead (below) is removed from search
     * results but breaks a history page (HAPI's history binding dereferences every entry: an AuditEvent in the system
     * history answered 500), so this step does the work and the show step only catches what no access step saw.
     */
    @Hook(value = Pointcut.STORAGE_PREACCESS_RESOURCES, order = HookOrder.GUARD)
    public void dropBeforeAccess(IPreResourceAccessDetails details, RequestDetails request) {
        // Plain loops, the type looked at before the grant: this runs on the access and show steps of every request,
        // and few of them meet an AuditEvent.
        for (int i = 0; i < details.size(); i++) {
            if (isAuditEvent(details.getResource(i)) && hidesAuditEvents(request)) {
                details.setDontReturnResourceAtIndex(i);
            }
        }
    }

    @Hook(value = Pointcut.STORAGE_PRESHOW_RESOURCES, order = HookOrder.GUARD)
    public void dropFromResponses(IPreResourceShowDetails details, RequestDetails request) {
        for (int i = 0; i < details.size(); i++) {
            if (isAuditEvent(details.getResource(i)) && hidesAuditEvents(request)) {
                details.setResource(i, null);
            }
        }
    }

    private static boolean isAuditEvent(IBaseResource resource) {
        return resource != null && TYPE.equals(resource.fhirType());
    }

    /** Whether the request's grant may not see AuditEvents; a request without a grant is not the plugin's. */
    private static boolean hidesAuditEvents(RequestDetails request) {
        AccessGrant grant = request == null ? null : EnforcementRequest.grantOf(request).orElse(null);
        return grant != null && !isAuditor(grant);
    }

    @Hook(value = Pointcut.STORAGE_PRESTORAGE_RESOURCE_CREATED, order = HookOrder.GUARD)
    public void refuseCreate(IBaseResource resource, RequestDetails request) {
        refuseWrite(resource, request);
    }

    @Hook(value = Pointcut.STORAGE_PRESTORAGE_RESOURCE_UPDATED, order = HookOrder.GUARD)
    public void refuseUpdate(IBaseResource oldResource, IBaseResource newResource, RequestDetails request) {
        refuseWrite(newResource, request);
    }

    @Hook(value = Pointcut.STORAGE_PRESTORAGE_RESOURCE_DELETED, order = HookOrder.GUARD)
    public void refuseDelete(IBaseResource resource, RequestDetails request) {
        refuseWrite(resource, request);
    }

    private static void refuseWrite(IBaseResource resource, RequestDetails request) {
        if (request != null && resource != null && TYPE.equals(resource.fhirType())
                && EnforcementRequest.grantOf(request).isPresent()) {
            throw refused("AuditEvents are recorded by the server only; no token may write them");
        }
    }

    @Hook(value = Pointcut.STORAGE_INITIATE_BULK_EXPORT, order = HookOrder.GUARD)
    public void leaveOutOfExports(BulkExportJobParameters parameters, RequestDetails request) {
        AccessGrant grant = EnforcementRequest.grantOf(request).orElse(null);
        if (grant == null || isAuditor(grant)) {
            return;
        }
        String[] asked = request.getParameters().get("_type");
        boolean named = asked != null && Arrays.stream(asked).flatMap(value -> Arrays.stream(value.split(",")))
                .map(String::strip).anyMatch(TYPE::equals);
        if (named) {
            throw refused("exporting AuditEvents needs " + AUDITOR_SCOPE);
        }
        // HAPI has already filled in every exportable type when _type was absent: take the audit trail out.
        List<String> types = new ArrayList<>(parameters.getResourceTypes());
        if (types.remove(TYPE)) {
            if (types.isEmpty()) {
                throw refused("exporting AuditEvents needs " + AUDITOR_SCOPE);
            }
            parameters.setResourceTypes(types);
        }
    }

    private static ForbiddenOperationException refused(String why) {
        return new ForbiddenOperationException("Access denied by rule: " + ScopeRuleCompiler.RULE_PREFIX
                + "audit-trail (" + why + ")");
    }
}
