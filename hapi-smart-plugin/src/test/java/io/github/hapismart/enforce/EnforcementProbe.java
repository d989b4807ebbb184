package io.github.hapismart.enforce;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.RequestTypeEnum;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.SimplePreResourceShowDetails;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.api.server.bulk.BulkExportJobParameters;
import ca.uhn.fhir.rest.server.RestfulServer;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import io.github.hapismart.scope.AccessGrant;
import io.github.hapismart.scope.ScopeSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Resource;

/**
 * Asks the enforcement for its decision on one request without a server: the hooks a HAPI server would call, in
 * {@link HookOrder}, on a {@link SystemRequestDetails} — planning and narrowing, the request guards, HAPI's rule engine
 * on the request, on each resource written and on each resource the response would carry. The answer is
 * {@link Verdict#ALLOW} or {@link Verdict#DENY}, never a rule name.
 */
final class EnforcementProbe {

    /** The enforcement's decision on a request. */
    enum Verdict { ALLOW, DENY }

    /** Who calls: the scopes of a token and its launch context. */
    record Token(String scopes, String patient, String fhirUser) {
        static Token patientA(String scopes) {
            return new Token(scopes, "A", null);
        }

        static Token user(String scopes, String fhirUser) {
            return new Token(scopes, null, fhirUser);
        }

        static Token system(String scopes) {
            return new Token(scopes, null, null);
        }

        AccessGrant grant() {
            return new AccessGrant("jti", "app", "alice", ScopeSet.parse(scopes), Optional.ofNullable(patient),
                    Optional.empty(), Optional.ofNullable(fhirUser), Instant.EPOCH.plusSeconds(3600));
        }

        @Override
        public String toString() {
            return scopes + (patient == null ? "" : " [patient " + patient + "]")
                    + (fhirUser == null ? "" : " [fhirUser " + fhirUser + "]");
        }
    }

    /**
     * One FHIR interaction as HAPI would have parsed it.
     *
     * @param label     how the row reads, e.g. {@code GET Observation/b-lab}
     * @param operation HAPI's operation type
     * @param method    the HTTP method
     * @param type      the resource type in the URL, or null
     * @param id        the id in the URL ({@code Patient/A}), or null
     * @param query     the URL's query string without {@code ?}, or empty
     * @param name      the extended operation's name ({@code $everything}), or null
     * @param body      the request body, or null
     * @param headers   request headers (e.g. {@code If-None-Exist})
     * @param stored    resources the storage layer would write (creates and updates), checked as HAPI JPA does
     * @param export    the bulk export job HAPI would start, or null
     * @param response  the resources the response would carry if everything were allowed (for a search: what the
 *                  database returns for it once narrowed)
     */
    record Call(String label, RestOperationTypeEnum operation, RequestTypeEnum method, String type, String id,
                String query, String name, IBaseResource body, Map<String, String> headers, List<Resource> stored,
                BulkExportJobParameters export, List<Resource> response) {

        @Override
        public String toString() {
            return label;
        }
    }

    private static final FhirContext FHIR = FhirContext.forR4Cached();
    /** Never started: HAPI's narrowing and rules only ask a request's server for its FhirContext. */
    private static final RestfulServer SERVER = new RestfulServer(FHIR);

    private final SmartEnforcement enforcement = SmartEnforcement.create(
            new ReachPolicy(UserAccessPolicy.SERVER_WIDE), new CategoryFilterMatcher(), jobId -> Optional.empty());
    private final WriteGuard writeGuard = guard(WriteGuard.class);
    private final ExportOwnership exportOwnership = guard(ExportOwnership.class);

    /** The decision on {@code call} made with {@code token}. */
    Verdict decide(Token token, Call call) {
        SystemRequestDetails request = request(token.grant(), call);
        try {
            enforcement.narrowing().planAndNarrow(request, null, null);
            writeGuard.refuseConditionalOperations(request, call.operation());
            exportOwnership.checkPolling(request);
            enforcement.authorization().incomingRequestPreHandled(request,
                    Pointcut.SERVER_INCOMING_REQUEST_PRE_HANDLED);
            for (Resource resource : call.stored()) {
                if (resource.getIdElement().hasIdPart()) {
                    writeGuard.checkUpdated(resource, resource, request);
                    enforcement.authorization().hookResourcePreUpdate(request, resource, resource,
                            Pointcut.STORAGE_PRESTORAGE_RESOURCE_UPDATED);
                } else {
                    writeGuard.checkCreated(resource, request);
                    enforcement.authorization().hookResourcePreCreate(request, resource,
                            Pointcut.STORAGE_PRESTORAGE_RESOURCE_CREATED);
                }
            }
            if (call.export() != null) {
                exportOwnership.recordOwner(call.export(), request);
                enforcement.authorization().initiateBulkExport(request, call.export(),
                        Pointcut.STORAGE_INITIATE_BULK_EXPORT);
            }
            if (!call.response().isEmpty()) {
                SimplePreResourceShowDetails shown = new SimplePreResourceShowDetails(call.response());
                exportOwnership.checkBinaries(shown, request);
                enforcement.authorization().hookPreShow(request, shown, Pointcut.STORAGE_PRESHOW_RESOURCES);
            }
            return Verdict.ALLOW;
        } catch (BaseServerResponseException refused) {
            return Verdict.DENY;
        }
    }

    /** The plan the planning hook attaches to {@code call} made with {@code token}, and the parameters it runs. */
    SystemRequestDetails planned(Token token, Call call) {
        SystemRequestDetails request = request(token.grant(), call);
        enforcement.narrowing().planAndNarrow(request, null, null);
        return request;
    }

    /** {@code call} as HAPI would have parsed it, made with {@code grant}. */
    static SystemRequestDetails request(AccessGrant grant, Call call) {
        SystemRequestDetails request = new SystemRequestDetails();
        request.setFhirContext(FHIR);
        request.setServer(SERVER);
        request.setRestOperationType(call.operation());
        request.setRequestType(call.method());
        request.setResourceName(call.type());
        if (call.id() != null) {
            request.setId(new IdType(call.id()));
        }
        request.setOperation(call.name());
        request.setParameters(parameters(call.query()));
        request.setCompleteUrl("http://localhost/fhir/" + call.label().substring(call.label().indexOf(' ') + 1));
        request.setFhirServerBase("http://localhost/fhir");
        request.setResource(call.body());
        call.headers().forEach(request::addHeader);
        request.getUserData().put(AccessGrant.REQUEST_ATTRIBUTE, grant);
        return request;
    }

    private static Map<String, String[]> parameters(String query) {
        Map<String, List<String>> values = new LinkedHashMap<>();
        if (!query.isEmpty()) {
            for (String pair : query.split("&")) {
                int equals = pair.indexOf('=');
                values.computeIfAbsent(pair.substring(0, equals), k -> new ArrayList<>()).add(pair.substring(equals + 1));
            }
        }
        Map<String, String[]> parameters = new LinkedHashMap<>();
        values.forEach((name, list) -> parameters.put(name, list.toArray(String[]::new)));
        return parameters;
    }

    private <T> T guard(Class<T> type) {
        return enforcement.guards().stream().filter(type::isInstance).map(type::cast).findFirst().orElseThrow();
    }

    /** The bundle of a batch or transaction whose entries are {@code entries}. */
    static Bundle bundle(Bundle.BundleType type, Bundle.BundleEntryComponent... entries) {
        Bundle bundle = new Bundle().setType(type);
        for (Bundle.BundleEntryComponent entry : entries) {
            bundle.addEntry(entry);
        }
        return bundle;
    }
}
