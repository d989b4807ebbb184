package io.github.hapismart.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
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
}
