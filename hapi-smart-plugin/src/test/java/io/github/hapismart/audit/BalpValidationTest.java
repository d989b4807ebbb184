package io.github.hapismart.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import java.time.Instant;
import java.util.List;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.r4.model.AuditEvent;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every event kind through HAPI's instance validator against the base FHIR R4 AuditEvent (cardinalities, value sets
 * with required bindings, invariants such as sev-1). The BALP profiles themselves cannot be loaded here (their
 * package is not served by Maven Central), so {@code meta.profile} is removed before validating;
 * {@link BalpConformanceTest} checks the profiles' own constraints.
 */
class BalpValidationTest {

    private static FhirContext fhir;
    private static FhirValidator validator;

    @BeforeAll
    static void validator() {
        fhir = FhirContext.forR4Cached();
        FhirInstanceValidator module = new FhirInstanceValidator(new ValidationSupportChain(
                new ca.uhn.fhir.context.support.DefaultProfileValidationSupport(fhir),
                new org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport(fhir),
                new org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService(fhir)));
        module.setNoTerminologyChecks(true);
        validator = fhir.newValidator().registerValidatorModule(module);
    }

    private static List<String> errors(AuditEvent event) {
        event.getMeta().getProfile().clear();
        return validator.validateWithResult(event).getMessages().stream()
                .filter(m -> m.getSeverity().ordinal() >= ResultSeverityEnum.ERROR.ordinal())
                .map(SingleValidationMessage::toString).toList();
    }

    @Test
    void everyEventKindIsAValidR4AuditEvent() {
        BalpAuditEvents events = new BalpAuditEvents("https://ehr.example.org/fhir");
        for (AuditKind kind : AuditKind.values()) {
            for (boolean success : new boolean[] {true, false}) {
                AuditEvent event = events.toAuditEvent(AuditRecord.of(kind, success,
                                Instant.parse("2026-12-06T10:00:00Z")).client("app").user("alice")
                        .fhirUser("Practitioner/p1").patient("A").tokenId("jti-1").scopes("patient/*.rs")
                        .refusedScopes("user/*.rs").request("GET Observation?patient=A").reason("why")
                        .network("10.0.0.7").resource("Observation/o1").detail("interaction", "search-type")
                        .build());
                assertEquals(List.of(), errors(event), kind.code() + (success ? "" : " (failed)"));
            }
        }
    }

    @Test
    void theValidatorCatchesAnEventWithoutItsType() {
        AuditEvent event = new BalpAuditEvents("https://ehr.example.org/fhir").toAuditEvent(
                AuditRecord.of(AuditKind.LOGIN, true, Instant.EPOCH).user("alice").build());
        event.setType(null);
        assertEquals(1, errors(event).size(), "AuditEvent.type is required");
    }
}
