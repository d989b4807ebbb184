package io.github.hapismart.enforce;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.IPreResourceShowDetails;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.bulk.BulkExportJobParameters;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import io.github.hapismart.scope.AccessGrant;
import java.util.Objects;
import java.util.Optional;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Binary;
import org.hl7.fhir.r4.model.Identifier;

/**
 * Binds a bulk export to the token that started it. At kick-off the job's output Binaries get a security context
 * naming the owner (the client, plus the launch patient for a patient token); polling ({@code $export-poll-status},
 * including its DELETE) is allowed only for a token with the same owner, as is reading an output Binary. Any other
 * Binary is visible only through a server-wide scope on {@code Binary}. Requests without a grant are not touched.
 */
@Interceptor
final class ExportOwnership {

    private static final String OWNER_SYSTEM = ExportJobOwners.OWNER_SYSTEM;

    private final ReachPolicy reachPolicy;
    private final ExportJobOwners jobOwners;

    ExportOwnership(ReachPolicy reachPolicy, ExportJobOwners jobOwners) {
        this.reachPolicy = Objects.requireNonNull(reachPolicy, "reachPolicy");
        this.jobOwners = jobOwners;
    }

    static String ownerOf(AccessGrant grant) {
        return grant.clientId() + grant.patient().map(patient -> " Patient/" + patient).orElse("");
    }

    @Hook(value = Pointcut.STORAGE_INITIATE_BULK_EXPORT, order = HookOrder.GUARD)
    public void recordOwner(BulkExportJobParameters parameters, RequestDetails request) {
        EnforcementRequest.grantOf(request).ifPresent(grant -> {
            parameters.setBinarySecurityContextIdentifierSystem(OWNER_SYSTEM);
            parameters.setBinarySecurityContextIdentifierValue(ownerOf(grant));
        });
    }

    @Hook(value = Pointcut.SERVER_INCOMING_REQUEST_PRE_HANDLED, order = HookOrder.GUARD)
    public void checkPolling(RequestDetails request) {
        if (!"$export-poll-status".equals(request.getOperation())) {
            return;
        }
        AccessGrant grant = EnforcementRequest.grantOf(request).orElse(null);
        if (grant == null) {
            return;
        }
        String[] jobIds = request.getParameters().get("_jobId");
        if (jobOwners == null || jobIds == null || jobIds.length != 1) {
            throw refused("the export job cannot be attributed to this token");
        }
        Optional<String> owner = jobOwners.ownerOf(jobIds[0]);
        if (owner.isEmpty() || !owner.get().equals(ownerOf(grant))) {
            throw refused("the export job was started by another client or patient");
        }
    }

    @Hook(value = Pointcut.STORAGE_PRESHOW_RESOURCES, order = HookOrder.GUARD)
    public void checkBinaries(IPreResourceShowDetails details, RequestDetails request) {
        AccessGrant grant = request == null ? null : EnforcementRequest.grantOf(request).orElse(null);
        if (grant == null) {
            return;
        }
        for (IBaseResource resource : details) {
            if (resource instanceof Binary binary) {
                Identifier context = binary.getSecurityContext().getIdentifier();
                boolean exportFile = OWNER_SYSTEM.equals(context.getSystem());
                if (exportFile ? !ownerOf(grant).equals(context.getValue())
                        : !reachPolicy.reachOf(grant).readsEveryResourceOf("Binary")) {
                    throw refused("Binary/" + binary.getIdElement().getIdPart() + " belongs to another export");
                }
            }
        }
    }

    private static ForbiddenOperationException refused(String why) {
        return new ForbiddenOperationException("Access denied by rule: " + ScopeRuleCompiler.RULE_PREFIX
                + "bulk export owner (" + why + ")");
    }
}
