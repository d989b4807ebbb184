package io.github.hapismart.audit;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventAgentComponent;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventEntityComponent;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Reference;

/**
 * Turns an {@link AuditRecord} into a FHIR R4 {@code AuditEvent} shaped after IHE BALP: the client as an
 * Application agent identified by {@code client_id}, the user as the requesting agent identified by issuer and
 * {@code sub} with the token's {@code jti} (as {@code urn:ietf:params:oauth:jti:<jti>}) in {@code agent.policy}
 * (BALP {@code OAUTHaccessTokenUse.Minimal}), the server as the observing authorization server or FHIR server, the
 * patient as a Person/Patient entity. {@code meta.profile} names a BALP profile only where the event follows it.
 * Pure: the same record always gives the same event.
 */
public final class BalpAuditEvents {

    public static final String BALP = "https://profiles.ihe.net/ITI/BALP/StructureDefinition/";
    public static final String PROFILE_TOKEN_USE = BALP + "IHE.BasicAudit.OAUTHaccessTokenUse.Minimal";
    public static final String PROFILE_GET_TOKEN = BALP + "IHE.IUA.71";
    public static final String PROFILE_AUTHZ_CONSENT = BALP + "IHE.BasicAudit.AuthZconsent";
    public static final String PROFILE_PATIENT_READ = BALP + "IHE.BasicAudit.PatientRead";
    public static final String PROFILE_PATIENT_QUERY = BALP + "IHE.BasicAudit.PatientQuery";
    /** The prefix BALP puts before a {@code jti}. */
    public static final String JTI_PREFIX = "urn:ietf:params:oauth:jti:";

    static final String DCM = "http://dicom.nema.org/resources/ontology/DCM";
    static final String EVENT_TYPE = "http://terminology.hl7.org/CodeSystem/audit-event-type";
    static final String RESTFUL = "http://hl7.org/fhir/restful-interaction";
    static final String OUTCOME = "http://terminology.hl7.org/CodeSystem/audit-event-outcome";
    static final String ENTITY_TYPE = "http://terminology.hl7.org/CodeSystem/audit-entity-type";
    static final String OBJECT_ROLE = "http://terminology.hl7.org/CodeSystem/object-role";
    static final String PARTICIPATION = "http://terminology.hl7.org/CodeSystem/v3-ParticipationType";
    static final String SECURITY_ROLE = "http://terminology.hl7.org/CodeSystem/extra-security-role-type";
    static final String USER_AGENT = "https://profiles.ihe.net/ITI/BALP/CodeSystem/UserAgentTypes";
    static final String AUTHZ_SUBTYPE = "https://profiles.ihe.net/ITI/BALP/CodeSystem/AuthZsubType";
    static final String SOURCE_TYPE = "http://terminology.hl7.org/CodeSystem/security-source-type";

    private final String serverUrl;
    private final String issuer;

    /** Events observed by the server whose FHIR base (and token issuer) is {@code serverUrl}. */
    public BalpAuditEvents(String serverUrl) {
        this(serverUrl, serverUrl);
    }

    /**
     * Events observed by the FHIR server {@code serverUrl} about tokens of {@code issuer} (resource-server mode: an
     * external authorization server), whose clients and users are identified under that issuer.
     */
    public BalpAuditEvents(String serverUrl, String issuer) {
        this.serverUrl = Objects.requireNonNull(serverUrl, "serverUrl");
        this.issuer = Objects.requireNonNull(issuer, "issuer");
    }

    /**
     * Most requests one coalesced patient-data access event lists ({@link #groups}). Each request is one detail of
     * about 100 bytes, so an event stays under about 50 kB; a busy token's second of reads (the trail gathers for 1 s)
     * is then a handful of events, each paying the store's per-event work (index extraction, its rows) once.
     */
    public static final int MAX_REQUESTS_PER_EVENT = 500;

    /**
     * Splits {@code records} (in the order they were recorded) into the groups that become one AuditEvent each:
     * successful patient-data access records ({@code patient-read}, {@code patient-query}) that agree in everything
     * but the request, its time and the resources it returned (same kind, client, user, token, scopes, patient,
     * address, interaction) share a group of at most {@link #MAX_REQUESTS_PER_EVENT}, in first-seen order; every other
     * record is a group of its own. The trail calls it with what waited in its queue together, so under light load
     * every request keeps an event of its own and under heavy load one event lists many requests.
     */
    public static List<List<AuditRecord>> groups(List<AuditRecord> records) {
        List<List<AuditRecord>> groups = new ArrayList<>();
        Map<List<Object>, List<AuditRecord>> open = new HashMap<>();
        for (AuditRecord record : records) {
            if (!coalescible(record)) {
                groups.add(List.of(record));
                continue;
            }
            List<Object> key = sameAccess(record);
            List<AuditRecord> group = open.get(key);
            if (group == null || group.size() >= MAX_REQUESTS_PER_EVENT) {
                group = new ArrayList<>();
                open.put(key, group);
                groups.add(group);
            }
            group.add(record);
        }
        return groups;
    }

    private static boolean coalescible(AuditRecord record) {
        return record.success() && (record.kind() == AuditKind.PATIENT_READ || record.kind() == AuditKind.PATIENT_QUERY);
    }

    /** What two access records must share to be listed in one event: all but the request, time and resources. */
    private static List<Object> sameAccess(AuditRecord record) {
        Map<String, String> details = new HashMap<>(record.details());
        details.remove(RESOURCES_DETAIL);
        return Arrays.asList(record.kind(), record.clientId(), record.user(), record.fhirUser(), record.patient(),
                record.tokenId(), record.scopes(), record.refusedScopes(), record.reason(), record.network(), details);
    }

    /** The type of a coalesced event's Query entity's details, one per request: {@code <time> <request>}. */
    public static final String REQUEST_DETAIL = "request";

    /** The detail of a {@code patient-query} that counts the patient's resources in the response. */
    public static final String RESOURCES_DETAIL = "resources";

    /**
     * One AuditEvent for a group of {@link #groups}: a single record's event is {@link #toAuditEvent(AuditRecord)};
     * several access records give the event of the first with, instead of its request, one Query entity whose
     * details ({@link #REQUEST_DETAIL}) list each request as {@code <time> <request>}, {@code period} from the first
     * request's time to the last's, {@code recorded} the last's, the resources of every request (each once), detail
     * {@code requests} = how many, and for {@code patient-query} detail {@code resources} summed over the requests.
     */
    public AuditEvent toAuditEvent(List<AuditRecord> group) {
        if (group.size() == 1) {
            return toAuditEvent(group.get(0));
        }
        AuditRecord first = group.get(0);
        AuditRecord last = group.get(group.size() - 1);
        Map<String, String> details = new HashMap<>(first.details());
        details.put("requests", String.valueOf(group.size()));
        if (first.details().containsKey(RESOURCES_DETAIL)) {
            long total = 0;
            for (AuditRecord record : group) {
                total += Long.parseLong(record.details().getOrDefault(RESOURCES_DETAIL, "0"));
            }
            details.put(RESOURCES_DETAIL, String.valueOf(total));
        }
        AuditRecord merged = new AuditRecord(first.kind(), first.success(), last.recorded(), first.clientId(),
                first.user(), first.fhirUser(), first.patient(), first.tokenId(), first.scopes(),
                first.refusedScopes(), java.util.Optional.empty(), first.reason(), first.network(), List.of(), details);
        AuditEvent event = toAuditEvent(merged);
        event.setPeriod(new Period().setStart(Date.from(first.recorded())).setEnd(Date.from(last.recorded())));
        // One Query entity for all the requests, each a detail: an entity per request repeated its codings and was
        // indexed (entity-type, entity-role) by the FHIR store, which made a request's share of the write 4-5 times
        // larger (measured: the audit writer was 19 % of the server's CPU under a read load; docs/benchmarks.md).
        AuditEventEntityComponent requests = new AuditEventEntityComponent()
                .setType(new Coding(ENTITY_TYPE, "2", "System Object"))
                .setRole(new Coding(OBJECT_ROLE, "24", "Query"))
                .setDescription(group.size() + " requests, each a detail \"" + REQUEST_DETAIL
                        + "\": its time, a space, the request");
        for (AuditRecord record : group) {
            record.request().ifPresent(request -> requests.addDetail(new AuditEvent.AuditEventEntityDetailComponent()
                    .setType(REQUEST_DETAIL)
                    .setValue(new org.hl7.fhir.r4.model.StringType(record.recorded() + " " + request))));
        }
        event.addEntity(requests);
        Set<String> resources = new LinkedHashSet<>();
        group.forEach(record -> resources.addAll(record.resources()));
        resources.forEach(reference -> event.addEntity(resourceEntity(reference)));
        return event;
    }

    public AuditEvent toAuditEvent(AuditRecord record) {
        AuditEvent event = new AuditEvent();
        AuditKind kind = record.kind();
        profiles(record).forEach(profile -> event.getMeta().addProfile(profile));
        event.setType(type(kind));
        event.addSubtype(new Coding(AuditKind.CODE_SYSTEM, kind.code(), null));
        subtype(record).ifPresent(event::addSubtype);
        event.setAction(AuditEvent.AuditEventAction.fromCode(kind.action()));
        event.setRecorded(Date.from(record.recorded()));
        event.setOutcome(record.success() ? AuditEvent.AuditEventOutcome._0
                : isAuthentication(kind) ? AuditEvent.AuditEventOutcome._4 : AuditEvent.AuditEventOutcome._8);
        record.reason().ifPresent(event::setOutcomeDesc);
        boolean rest = isFhirApi(kind);
        event.getSource().setSite(serverUrl).setObserver(new Reference().setDisplay(serverUrl)
                        .setIdentifier(new Identifier().setValue(serverUrl)))
                .addType(new Coding(SOURCE_TYPE, rest ? "4" : "6", rest ? "Application Server" : "Security Server"));
        record.clientId().ifPresent(client -> event.addAgent(clientAgent(record, client)));
        userAgent(record).ifPresent(event::addAgent);
        event.addAgent(serverAgent(record));
        record.patient().ifPresent(patient -> event.addEntity(new AuditEventEntityComponent()
                .setType(new Coding(ENTITY_TYPE, "1", "Person"))
                .setRole(new Coding(OBJECT_ROLE, "1", "Patient"))
                .setWhat(new Reference("Patient/" + patient))));
        if (record.tokenId().isPresent()) {
            event.addEntity(tokenEntity(record, record.tokenId().get()));
        } else if (!record.scopes().isEmpty() || !record.refusedScopes().isEmpty() || !record.details().isEmpty()) {
            // No token involved (a consent, a launch): the scopes and details still need a home.
            event.addEntity(addDetails(new AuditEventEntityComponent()
                    .setType(new Coding(ENTITY_TYPE, "2", "System Object"))
                    .setRole(new Coding(OBJECT_ROLE, "13", "Security Resource")), record));
        }
        // BALP Read allows one System Object entity (the data read): a read's request is its description instead.
        boolean requestOnData = kind == AuditKind.PATIENT_READ && !record.resources().isEmpty();
        if (!requestOnData) {
            record.request().ifPresent(request -> event.addEntity(queryEntity(request)));
        }
        record.resources().forEach(reference -> {
            AuditEventEntityComponent data = new AuditEventEntityComponent()
                    .setType(new Coding(ENTITY_TYPE, "2", "System Object"))
                    .setRole(new Coding(OBJECT_ROLE, "4", "Domain Resource"))
                    .setWhat(new Reference(reference));
            if (requestOnData) {
                record.request().ifPresent(data::setDescription);
            }
            event.addEntity(data);
        });
        return event;
    }

    private static AuditEventEntityComponent queryEntity(String request) {
        return new AuditEventEntityComponent()
                .setType(new Coding(ENTITY_TYPE, "2", "System Object"))
                .setRole(new Coding(OBJECT_ROLE, "24", "Query"))
                .setDescription(request)
                .setQuery(request.getBytes(StandardCharsets.UTF_8));
    }

    private static AuditEventEntityComponent resourceEntity(String reference) {
        return new AuditEventEntityComponent()
                .setType(new Coding(ENTITY_TYPE, "2", "System Object"))
                .setRole(new Coding(OBJECT_ROLE, "4", "Domain Resource"))
                .setWhat(new Reference(reference));
    }

    private static java.util.List<String> profiles(AuditRecord record) {
        return switch (record.kind()) {
            // ITI-71 records a successful Get Access Token only (its outcome is fixed to success).
            case TOKEN_ISSUED, TOKEN_REFRESHED -> record.success() ? java.util.List.of(PROFILE_GET_TOKEN)
                    : java.util.List.of();
            case CONSENT -> java.util.List.of(PROFILE_AUTHZ_CONSENT);
            case PATIENT_READ -> hasHumanUser(record) ? java.util.List.of(PROFILE_PATIENT_READ, PROFILE_TOKEN_USE)
                    : java.util.List.of(PROFILE_PATIENT_READ);
            case PATIENT_QUERY -> hasHumanUser(record) ? java.util.List.of(PROFILE_PATIENT_QUERY, PROFILE_TOKEN_USE)
                    : java.util.List.of(PROFILE_PATIENT_QUERY);
            case ACCESS_REFUSED, EXPORT_STARTED, EXPORT_DOWNLOADED ->
                    record.tokenId().isPresent() && hasHumanUser(record) ? java.util.List.of(PROFILE_TOKEN_USE)
                            : java.util.List.of();
            default -> java.util.List.of();
        };
    }

    /** Whether the record names a user other than the client (a backend service's token names the client). */
    private static boolean hasHumanUser(AuditRecord record) {
        return record.fhirUser().isPresent() || (record.user().isPresent() && !record.user().equals(record.clientId()));
    }

    private static Coding type(AuditKind kind) {
        return switch (kind) {
            case LOGIN, UPSTREAM_LOGIN, CLIENT_AUTHENTICATION, LOGOUT, TOKEN_ISSUED, TOKEN_REFRESHED, INTROSPECTION ->
                    new Coding(DCM, "110114", "User Authentication");
            case EXPORT_STARTED, EXPORT_DOWNLOADED -> new Coding(DCM, "110106", "Export");
            case PATIENT_READ, PATIENT_QUERY, ACCESS_REFUSED -> new Coding(EVENT_TYPE, "rest", "Restful Operation");
            default -> new Coding(DCM, "110113", "Security Alert");
        };
    }

    private static java.util.Optional<Coding> subtype(AuditRecord record) {
        String interaction = record.details().get("interaction");
        return switch (record.kind()) {
            case LOGIN, UPSTREAM_LOGIN, CLIENT_AUTHENTICATION ->
                    java.util.Optional.of(new Coding(DCM, "110122", "Login"));
            case LOGOUT -> java.util.Optional.of(new Coding(DCM, "110123", "Logout"));
            case TOKEN_ISSUED, TOKEN_REFRESHED ->
                    java.util.Optional.of(new Coding("urn:ihe:event-type-code", "ITI-71", "Get Access Token"));
            case CONSENT -> java.util.Optional.of(new Coding(AUTHZ_SUBTYPE, "AuthZ-Consent", null));
            case PATIENT_READ -> java.util.Optional.of(new Coding(RESTFUL, "read", "read"));
            case PATIENT_QUERY -> java.util.Optional.of(new Coding(RESTFUL, "search-type", "search-type"));
            default -> java.util.Optional.ofNullable(interaction).map(code -> new Coding(RESTFUL, code, code));
        };
    }

    private static boolean isFhirApi(AuditKind kind) {
        return switch (kind) {
            case PATIENT_READ, PATIENT_QUERY, ACCESS_REFUSED, EXPORT_STARTED, EXPORT_DOWNLOADED -> true;
            default -> false;
        };
    }

    private AuditEventAgentComponent clientAgent(AuditRecord record, String clientId) {
        AuditEventAgentComponent agent = new AuditEventAgentComponent()
                .setType(new CodeableConcept(new Coding(DCM, "110150", "Application")))
                .setWho(new Reference().setIdentifier(new Identifier().setSystem(issuer).setValue(clientId))
                        .setDisplay(clientId))
                .setRequestor(record.user().isEmpty());
        // BALP Read: the server is the source of the data, the client its destination; otherwise the client asks.
        switch (record.kind()) {
            case PATIENT_READ -> agent.getType().addCoding(new Coding(DCM, "110152", "Destination Role ID"));
            case PATIENT_QUERY -> agent.getType().addCoding(new Coding(DCM, "110153", "Source Role ID"));
            default -> { }
        }
        if (!hasHumanUser(record)) {
            // No user agent to carry the token id (BALP's place for it): the client agent carries it instead.
            record.tokenId().ifPresent(jti -> agent.addPolicy(JTI_PREFIX + jti));
        }
        record.network().ifPresent(address -> agent.getNetwork().setAddress(address)
                .setType(AuditEvent.AuditEventAgentNetworkType._2));
        return agent;
    }

    private java.util.Optional<AuditEventAgentComponent> userAgent(AuditRecord record) {
        if (!hasHumanUser(record)) {
            return java.util.Optional.empty();
        }
        Reference who = new Reference();
        record.fhirUser().ifPresent(who::setReference);
        record.user().ifPresent(user -> who.setIdentifier(new Identifier().setSystem(issuer).setValue(user))
                .setDisplay(user));
        AuditEventAgentComponent agent = new AuditEventAgentComponent()
                .setType(new CodeableConcept(new Coding(PARTICIPATION, "IRCP", "information recipient"))
                        .addCoding(new Coding(USER_AGENT, "UserOauthAgent", "User OAuth Agent participant")))
                .setWho(who)
                .setRequestor(true);
        record.user().ifPresent(agent::setName);
        record.tokenId().ifPresent(jti -> agent.addPolicy(JTI_PREFIX + jti));
        return java.util.Optional.of(agent);
    }

    private AuditEventAgentComponent serverAgent(AuditRecord record) {
        AuditKind kind = record.kind();
        Coding role = isFhirApi(kind)
                ? kind == AuditKind.PATIENT_READ ? new Coding(DCM, "110153", "Source Role ID")
                        : new Coding(DCM, "110152", "Destination Role ID")
                : new Coding(SECURITY_ROLE, "authserver", "authorization server");
        AuditEventAgentComponent agent = new AuditEventAgentComponent()
                .setType(new CodeableConcept(role))
                .setWho(new Reference().setIdentifier(new Identifier().setValue(serverUrl)).setDisplay(serverUrl))
                .setRequestor(false);
        boolean getToken = kind == AuditKind.TOKEN_ISSUED || kind == AuditKind.TOKEN_REFRESHED;
        if (getToken) {
            // IHE.IUA.71 names the authorization server's agent by this type.
            agent.getType().addCoding(new Coding(USER_AGENT, "AuthzOauthService", "Authorization Server"));
        }
        if (isFhirApi(kind) || getToken) {
            // BALP Read/Query and ITI-71 want the server's network address; ours is its URL (type 5, URI).
            agent.getNetwork().setAddress(serverUrl).setType(AuditEvent.AuditEventAgentNetworkType._5);
        }
        return agent;
    }

    /** Events that record an authentication: a failure is a minor failure (4), as DICOM records a failed login. */
    private static boolean isAuthentication(AuditKind kind) {
        return kind == AuditKind.LOGIN || kind == AuditKind.UPSTREAM_LOGIN || kind == AuditKind.CLIENT_AUTHENTICATION;
    }

    private static AuditEventEntityComponent tokenEntity(AuditRecord record, String jti) {
        // ITI-71's token-response entity is a System Object; elsewhere BALP types the token entity UserOauthAgent.
        boolean getToken = record.kind() == AuditKind.TOKEN_ISSUED || record.kind() == AuditKind.TOKEN_REFRESHED;
        AuditEventEntityComponent entity = new AuditEventEntityComponent()
                .setType(getToken ? new Coding(ENTITY_TYPE, "2", "System Object")
                        : new Coding(USER_AGENT, "UserOauthAgent", "User OAuth Agent participant"))
                .setRole(new Coding(OBJECT_ROLE, "13", "Security Resource"))
                .setWhat(new Reference().setIdentifier(new Identifier().setValue(JTI_PREFIX + jti)));
        return addDetails(entity, record);
    }

    private static AuditEventEntityComponent addDetails(AuditEventEntityComponent entity, AuditRecord record) {
        if (!record.scopes().isEmpty()) {
            entity.addDetail().setType("scope").setValue(
                    new org.hl7.fhir.r4.model.StringType(String.join(" ", record.scopes())));
        }
        if (!record.refusedScopes().isEmpty()) {
            entity.addDetail().setType("refused-scope").setValue(
                    new org.hl7.fhir.r4.model.StringType(String.join(" ", record.refusedScopes())));
        }
        for (Map.Entry<String, String> detail : new java.util.TreeMap<>(record.details()).entrySet()) {
            entity.addDetail().setType(detail.getKey())
                    .setValue(new org.hl7.fhir.r4.model.StringType(detail.getValue()));
        }
        return entity;
    }
}
