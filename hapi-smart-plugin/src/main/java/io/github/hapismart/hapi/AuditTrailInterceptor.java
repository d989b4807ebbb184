package io.github.hapismart.hapi;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.IAnonymousInterceptor;
import ca.uhn.fhir.interceptor.api.IInterceptorService;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.api.server.bulk.BulkExportJobParameters;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.servlet.ServletRequestDetails;
import io.github.hapismart.audit.AuditKind;
import io.github.hapismart.audit.AuditRecord;
import io.github.hapismart.audit.AuditSettings;
import io.github.hapismart.audit.AuditSink;
import io.github.hapismart.enforce.ExportJobOwners;
import io.github.hapismart.enforce.HookOrder;
import io.github.hapismart.scope.AccessGrant;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.hl7.fhir.instance.model.api.IBaseOperationOutcome;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Binary;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.OperationOutcome;

/**
 * The FHIR API's side of the audit trail. Always: every request the API refused with 401 or 403 (client, user,
 * patient, token id, the request and the reason the answer gives), each bulk export kick-off and each download of
 * an export file. When {@link AuditSettings#patientDataAccess()} is on: each successful read (BALP
 * {@code PatientRead}) and each search or history (one {@code PatientQuery} per patient whose data the response
 * carried). It only hands records to the {@link AuditSink}, which never blocks; a system request (the server's own
 * work, the audit writes included) is never recorded.
 */
@Interceptor
public final class AuditTrailInterceptor {

    private final AuditSink sink;
    private final AuditSettings settings;
    private final Clock clock;
    /** Which patients a returned resource concerns; made for the server's FhirContext on the first response. */
    private volatile PatientCompartmentOwners owners;

    public AuditTrailInterceptor(AuditSink sink, AuditSettings settings, Clock clock) {
        this.sink = Objects.requireNonNull(sink, "sink");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Hook(value = Pointcut.SERVER_HANDLE_EXCEPTION, order = HookOrder.RECORD_REFUSAL)
    public boolean refused(RequestDetails request, BaseServerResponseException exception) {
        int status = exception.getStatusCode();
        if ((status == 401 || status == 403) && !(request instanceof SystemRequestDetails)) {
            sink.record(base(AuditKind.ACCESS_REFUSED, false, request).reason(reasonOf(exception))
                    .detail("status", String.valueOf(status)).build());
        }
        return true;
    }

    @Hook(value = Pointcut.STORAGE_INITIATE_BULK_EXPORT, order = HookOrder.RECORD)
    public void exportStarted(BulkExportJobParameters parameters, RequestDetails request) {
        if (request == null || grantOf(request) == null) {
            return;
        }
        AuditRecord.Builder record = base(AuditKind.EXPORT_STARTED, true, request)
                .detail("export_style", String.valueOf(parameters.getExportStyle()))
                .detail("types", String.join(",", new TreeSet<>(parameters.getResourceTypes() == null ? java.util.List.<String>of() : parameters.getResourceTypes())));
        if (parameters.getGroupId() != null) {
            record.resource(parameters.getGroupId());
        }
        sink.record(record.build());
    }

    /**
     * Registers this interceptor on {@code service}: its annotated hooks, and {@link #answered} (which runs on every
     * answered request) as a HAPI anonymous interceptor, which HAPI calls without the reflective call, tracing
     * attributes and parameter lookups of an annotated hook.
     *
     * @return what was registered, each one HAPI can unregister
     */
    public List<Object> registerOn(IInterceptorService service) {
        service.registerInterceptor(this);
        IAnonymousInterceptor answeredHook = (pointcut, params) ->
                answered(params.get(RequestDetails.class), params.get(IBaseResource.class));
        service.registerAnonymousInterceptor(Pointcut.SERVER_OUTGOING_RESPONSE, HookOrder.RECORD, answeredHook);
        return List.of(this, answeredHook);
    }

    /**
     * Records a successful answer (a read, a search or history, an export file); on
     * {@code SERVER_OUTGOING_RESPONSE} at {@link HookOrder#RECORD}, registered by {@link #registerOn}. It never stops
     * the answer.
     */
    public void answered(RequestDetails request, IBaseResource response) {
        AccessGrant grant = grantOf(request);
        if (grant == null || response == null) {
            return;
        }
        if (response instanceof Binary binary
                && ExportJobOwners.OWNER_SYSTEM.equals(binary.getSecurityContext().getIdentifier().getSystem())) {
            sink.record(base(AuditKind.EXPORT_DOWNLOADED, true, request)
                    .resource("Binary/" + binary.getIdElement().getIdPart()).build());
            return;
        }
        if (!settings.patientDataAccess()) {
            return;
        }
        RestOperationTypeEnum operation = request.getRestOperationType();
        if (operation == RestOperationTypeEnum.READ || operation == RestOperationTypeEnum.VREAD) {
            for (String patient : patientsOf(request, response)) {
                sink.record(base(AuditKind.PATIENT_READ, true, request).patient(patient)
                        .resource(response.getIdElement().toUnqualifiedVersionless().getValue()).build());
            }
        } else if (response instanceof Bundle bundle && bundle.getType() != Bundle.BundleType.TRANSACTIONRESPONSE
                && bundle.getType() != Bundle.BundleType.BATCHRESPONSE) {
            Map<String, Integer> perPatient = new TreeMap<>();
            for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
                if (entry.getResource() != null) {
                    patientsOf(request, entry.getResource()).forEach(p -> perPatient.merge(p, 1, Integer::sum));
                }
            }
            perPatient.forEach((patient, count) -> sink.record(base(AuditKind.PATIENT_QUERY, true, request)
                    .patient(patient).detail("resources", String.valueOf(count)).build()));
        }
    }

    private Set<String> patientsOf(RequestDetails request, IBaseResource resource) {
        // The Patient compartment's parameters also reach other types (an Observation's performer may be a
        // Practitioner): only a Patient reference names a patient, else the event names a patient that does not
        // exist and the store refuses it.
        PatientCompartmentOwners current = owners;
        if (current == null || current.context() != request.getFhirContext()) {
            current = new PatientCompartmentOwners(request.getFhirContext());
            owners = current;
        }
        return current.of(resource);
    }

    private AuditRecord.Builder base(AuditKind kind, boolean success, RequestDetails request) {
        AuditRecord.Builder record = AuditRecord.of(kind, success, clock.instant())
                .request(describe(request))
                .detail("interaction", interactionOf(request.getRestOperationType()));
        if (request instanceof ServletRequestDetails servlet && servlet.getServletRequest() != null) {
            record.network(servlet.getServletRequest().getRemoteAddr());
        }
        AccessGrant grant = grantOf(request);
        if (grant != null) {
            record.client(grant.clientId()).user(grant.subject()).fhirUser(grant.fhirUser().orElse(null))
                    .patient(grant.patient().orElse(null)).tokenId(grant.tokenId()).scopes(grant.scopes().toString());
        }
        return record;
    }

    private static AccessGrant grantOf(RequestDetails request) {
        return request != null && !(request instanceof SystemRequestDetails)
                && request.getUserData().get(AccessGrant.REQUEST_ATTRIBUTE) instanceof AccessGrant grant
                ? grant : null;
    }

    private static String describe(RequestDetails request) {
        String path = request.getRequestPath() == null ? "" : request.getRequestPath();
        String query = request instanceof ServletRequestDetails servlet && servlet.getServletRequest() != null
                ? servlet.getServletRequest().getQueryString() : null;
        return request.getRequestType() + " " + path + (query == null ? "" : "?" + query);
    }

    /** The FHIR restful-interaction code of {@code operation} (extended operations are all {@code operation}). */
    private static String interactionOf(RestOperationTypeEnum operation) {
        if (operation == null) {
            return null;
        }
        String code = operation.getCode();
        return code.startsWith("extended-operation") ? "operation" : code;
    }

    private static String reasonOf(BaseServerResponseException exception) {
        IBaseOperationOutcome outcome = exception.getOperationOutcome();
        if (outcome instanceof OperationOutcome oo && oo.hasIssue() && oo.getIssueFirstRep().hasDiagnostics()) {
            return oo.getIssueFirstRep().getDiagnostics();
        }
        return exception.getMessage();
    }
}
