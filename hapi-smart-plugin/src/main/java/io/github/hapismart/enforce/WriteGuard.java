package io.github.hapismart.enforce;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.util.BundleUtil;
import ca.uhn.fhir.util.bundle.BundleEntryParts;
import io.github.hapismart.scope.AccessGrant;
import io.github.hapismart.scope.Scope.Permission;
import java.util.Objects;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBaseBundle;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IIdType;

/**
 * Closes two write paths that HAPI's compartment rules leave open for tokens that carry an {@link AccessGrant}:
 * <ul>
 *   <li>Conditional create, update, patch and delete (directly, or inside a batch or transaction, which HAPI reports
 *       alike as {@code TRANSACTION}) are refused with 403. Their
 *       criteria are evaluated against the whole server before any rule sees the target, and a conditional create
 *       that matches answers with the matching resource, so the criteria could reach, and return, another patient's
 *       data.</li>
 *   <li>A resource written with a compartment-bound scope must belong to no Patient compartment other than the
 *       grant's: HAPI's {@code inCompartment} write rule accepts a resource that is in the allowed compartment, even if
 *       it is also in another (an Observation with {@code subject} A and {@code performer} B). Checked in the storage
 *       layer, so transactions and the result of a PATCH are covered.</li>
 * </ul>
 * Requests without a grant (the server's own work) are not touched.
 */
@Interceptor
final class WriteGuard {

    private static final Set<RestOperationTypeEnum> CONDITIONAL_CAPABLE = Set.of(RestOperationTypeEnum.CREATE,
            RestOperationTypeEnum.UPDATE, RestOperationTypeEnum.PATCH, RestOperationTypeEnum.DELETE);

    private final ReachPolicy reachPolicy;

    WriteGuard(ReachPolicy reachPolicy) {
        this.reachPolicy = Objects.requireNonNull(reachPolicy, "reachPolicy");
    }

    @Hook(value = Pointcut.SERVER_INCOMING_REQUEST_PRE_HANDLED, order = HookOrder.GUARD)
    public void refuseConditionalOperations(RequestDetails request, RestOperationTypeEnum operation) {
        if (EnforcementRequest.grantOf(request).isEmpty()) {
            return;
        }
        if (CONDITIONAL_CAPABLE.contains(operation) && request.getConditionalUrl(operation) != null) {
            throw refused("conditional " + operation.getCode() + " is not supported with SMART tokens");
        }
        boolean bundle = operation == RestOperationTypeEnum.TRANSACTION || operation == RestOperationTypeEnum.BATCH;
        if (bundle && request.getResource() instanceof IBaseBundle entries) {
            for (BundleEntryParts entry : BundleUtil.toListOfEntries(request.getFhirContext(), entries)) {
                if (isConditional(entry)) {
                    throw refused("conditional entries in a batch or transaction are not supported with SMART tokens");
                }
            }
        }
    }

    private static boolean isConditional(BundleEntryParts entry) {
        if (entry.getConditionalUrl() != null) {
            return true;
        }
        String url = entry.getUrl();
        return entry.getMethod() != null && url != null && url.contains("?")
                && switch (entry.getMethod()) {
                    case PUT, PATCH, DELETE -> true;
                    default -> false;
                };
    }

    @Hook(value = Pointcut.STORAGE_PRESTORAGE_RESOURCE_CREATED, order = HookOrder.GUARD)
    public void checkCreated(IBaseResource resource, RequestDetails request) {
        checkCompartments(resource, request, Permission.C);
    }

    @Hook(value = Pointcut.STORAGE_PRESTORAGE_RESOURCE_UPDATED, order = HookOrder.GUARD)
    public void checkUpdated(IBaseResource oldResource, IBaseResource newResource, RequestDetails request) {
        checkCompartments(newResource, request, Permission.U);
    }

    private void checkCompartments(IBaseResource resource, RequestDetails request, Permission permission) {
        if (request == null) {
            return;
        }
        AccessGrant grant = EnforcementRequest.grantOf(request).orElse(null);
        if (grant == null) {
            return;
        }
        String type = request.getFhirContext().getResourceType(resource);
        Set<String> allowed = reachPolicy.reachOf(grant).writablePatients(type, permission).orElse(Set.of());
        if (allowed.isEmpty()) {
            return; // server-wide, or no compartment-bound write scope: the authorization rules decide alone
        }
        for (IIdType owner : request.getFhirContext().newTerser()
                .getCompartmentOwnersForResource("Patient", resource, Set.of())) {
            if (!allowed.contains(owner.getIdPart())) {
                throw refused(type + " would also be in the compartment of Patient/" + owner.getIdPart());
            }
        }
    }

    private static ForbiddenOperationException refused(String why) {
        return new ForbiddenOperationException("Access denied by rule: " + ScopeRuleCompiler.RULE_PREFIX
                + "write-guard (" + why + ")");
    }
}
