package io.github.hapismart.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import org.hl7.fhir.r4.model.AuditEvent;
import org.junit.jupiter.api.Test;

/** The BALP shape of an event, without a server. */
class BalpAuditEventsTest {

    private final BalpAuditEvents events = new BalpAuditEvents("https://ehr.example.org/fhir");

    @Test
    void aUserTokensJtiGoesIntoTheUserAgentsPolicy() {
        AuditEvent event = events.toAuditEvent(AuditRecord.of(AuditKind.PATIENT_READ, true,
                        Instant.parse("2026-12-06T10:00:00Z")).client("app").user("alice")
                .fhirUser("Practitioner/p1").patient("A").tokenId("t-1").resource("Observation/o1").build());
        assertTrue(event.getMeta().hasProfile(BalpAuditEvents.PROFILE_PATIENT_READ));
        assertTrue(event.getMeta().hasProfile(BalpAuditEvents.PROFILE_TOKEN_USE));
        AuditEvent.AuditEventAgentComponent user = event.getAgent().get(1);
        assertEquals("Practitioner/p1", user.getWho().getReference());
        assertEquals("urn:ietf:params:oauth:jti:t-1", user.getPolicy().get(0).getValue());
        assertTrue(user.getRequestor());
        assertEquals("R", event.getAction().toCode());
        assertEquals("0", event.getOutcome().toCode());
    }

    @Test
    void aBackendTokenHasNoUserAgentAndItsJtiGoesOnTheClient() {
        AuditEvent event = events.toAuditEvent(AuditRecord.of(AuditKind.EXPORT_STARTED, true, Instant.EPOCH)
                .client("bulk").user("bulk").tokenId("t-2").build());
        assertEquals(2, event.getAgent().size(), "client and server only");
        assertEquals("urn:ietf:params:oauth:jti:t-2", event.getAgent().get(0).getPolicy().get(0).getValue());
        assertTrue(event.getMeta().getProfile().isEmpty());
    }

    @Test
    void aDeniedConsentIsASeriousFailureWithTheRefusedScopes() {
        AuditEvent event = events.toAuditEvent(AuditRecord.of(AuditKind.CONSENT, false, Instant.EPOCH)
                .client("app").user("alice").refusedScopes("patient/*.rs openid").reason("the user denied access")
                .build());
        assertEquals("8", event.getOutcome().toCode());
        assertEquals("the user denied access", event.getOutcomeDesc());
        assertEquals("refused-scope", event.getEntityFirstRep().getDetailFirstRep().getType());
        assertEquals("patient/*.rs openid", event.getEntityFirstRep().getDetailFirstRep().getValue().primitiveValue());
    }

    private static AuditRecord read(String patient, String second, String observation) {
        return AuditRecord.of(AuditKind.PATIENT_READ, true, Instant.parse("2026-12-06T10:00:" + second + "Z"))
                .client("app").user("alice").fhirUser("Practitioner/p1").patient(patient).tokenId("t-1")
                .scopes("patient/*.rs").request("GET Observation/" + observation).resource("Observation/" + observation)
                .detail("interaction", "read").build();
    }

    @Test
    void accessRecordsOfOneTokenAndPatientThatWaitedTogetherBecomeOneEventListingEachRequestAndItsTime() {
        List<List<AuditRecord>> groups = BalpAuditEvents.groups(List.of(read("A", "01", "o1"),
                read("A", "02", "o2"), read("A", "03", "o1")));
        assertEquals(1, groups.size());
        AuditEvent event = events.toAuditEvent(groups.get(0));
        assertTrue(event.getMeta().hasProfile(BalpAuditEvents.PROFILE_PATIENT_READ));
        assertEquals("patient-read", event.getSubtypeFirstRep().getCode());
        assertEquals(Instant.parse("2026-12-06T10:00:01Z"), event.getPeriod().getStart().toInstant());
        assertEquals(Instant.parse("2026-12-06T10:00:03Z"), event.getPeriod().getEnd().toInstant());
        assertEquals(Instant.parse("2026-12-06T10:00:03Z"), event.getRecorded().toInstant());
        assertEquals("Patient/A", entities(event, "1").get(0).getWhat().getReference());
        List<AuditEvent.AuditEventEntityComponent> queries = entities(event, "24");
        assertEquals(1, queries.size(), "one Query entity lists every request");
        assertEquals(List.of("2026-12-06T10:00:01Z GET Observation/o1", "2026-12-06T10:00:02Z GET Observation/o2",
                "2026-12-06T10:00:03Z GET Observation/o1"), queries.get(0).getDetail().stream()
                .filter(d -> d.getType().equals(BalpAuditEvents.REQUEST_DETAIL))
                .map(d -> d.getValue().primitiveValue()).toList());
        assertEquals(List.of("Observation/o1", "Observation/o2"),
                entities(event, "4").stream().map(e -> e.getWhat().getReference()).toList());
        AuditEvent.AuditEventEntityComponent token = entities(event, "13").get(0);
        assertEquals("3", token.getDetail().stream().filter(d -> d.getType().equals("requests")).findFirst()
                .orElseThrow().getValue().primitiveValue());
        assertEquals("urn:ietf:params:oauth:jti:t-1", event.getAgent().get(1).getPolicy().get(0).getValue());
    }

    @Test
    void anotherPatientAnotherTokenARefusalOrAFullEventStartAnotherGroup() {
        AuditRecord otherToken = AuditRecord.of(AuditKind.PATIENT_READ, true, Instant.EPOCH).client("app")
                .user("alice").fhirUser("Practitioner/p1").patient("A").tokenId("t-2").scopes("patient/*.rs")
                .request("GET Observation/o1").detail("interaction", "read").build();
        AuditRecord refusal = AuditRecord.of(AuditKind.ACCESS_REFUSED, false, Instant.EPOCH).client("app")
                .tokenId("t-1").patient("A").request("GET Observation/o9").build();
        List<AuditRecord> records = new java.util.ArrayList<>(List.of(read("A", "01", "o1"), read("B", "01", "o1"),
                otherToken, refusal, refusal));
        for (int i = 0; i < BalpAuditEvents.MAX_REQUESTS_PER_EVENT; i++) {
            records.add(read("A", "02", "o1"));
        }
        List<Integer> sizes = BalpAuditEvents.groups(records).stream().map(List::size).toList();
        assertEquals(List.of(BalpAuditEvents.MAX_REQUESTS_PER_EVENT, 1, 1, 1, 1, 1), sizes);
    }

    @Test
    void aSingleAccessRecordKeepsItsOwnExactEvent() {
        AuditRecord one = read("A", "01", "o1");
        AuditEvent grouped = events.toAuditEvent(List.of(one));
        assertTrue(grouped.equalsDeep(events.toAuditEvent(one)));
        assertTrue(!grouped.hasPeriod());
    }

    private static List<AuditEvent.AuditEventEntityComponent> entities(AuditEvent event, String role) {
        return event.getEntity().stream().filter(e -> role.equals(e.getRole().getCode())).toList();
    }
}
