package io.github.hapismart.enforce;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import io.github.hapismart.scope.AccessGrant;
import io.github.hapismart.scope.ScopeSet;
import java.time.Instant;
import java.util.Optional;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;

/**
 * The storage-layer half of {@link WriteGuard}, without a server: a resource written with a compartment-bound scope
 * must be in no Patient compartment but the grant's, though HAPI's {@code inCompartment} rule would accept it.
 */
class WriteGuardTest {

    private static final FhirContext FHIR = FhirContext.forR4Cached();
    private final WriteGuard guard = new WriteGuard(new ReachPolicy(UserAccessPolicy.SERVER_WIDE));

    private static SystemRequestDetails request(String scopes, String patient) {
        SystemRequestDetails request = new SystemRequestDetails();
        request.setFhirContext(FHIR);
        if (scopes != null) {
            request.getUserData().put(AccessGrant.REQUEST_ATTRIBUTE, new AccessGrant("jti", "app", "alice",
                    ScopeSet.parse(scopes), Optional.ofNullable(patient), Optional.empty(), Optional.empty(),
                    Instant.EPOCH.plusSeconds(3600)));
        }
        return request;
    }

    private static Observation observation(String subject, String performer) {
        Observation observation = new Observation();
        observation.setStatus(Observation.ObservationStatus.FINAL);
        observation.setSubject(new Reference("Patient/" + subject));
        if (performer != null) {
            observation.addPerformer(new Reference("Patient/" + performer));
        }
        return observation;
    }

    @Test
    void aPatientTokenCreatesInItsOwnCompartment() {
        assertDoesNotThrow(() -> guard.checkCreated(observation("A", "A"), request("patient/Observation.c", "A")));
    }

    @Test
    void aPatientTokenCannotCreateWhatIsAlsoInAnotherPatientsCompartment() {
        ForbiddenOperationException refused = assertThrows(ForbiddenOperationException.class,
                () -> guard.checkCreated(observation("A", "B"), request("patient/Observation.c", "A")));
        assertTrue(refused.getMessage().contains("smart:write-guard"), refused.getMessage());
    }

    @Test
    void anUpdateIsCheckedOnTheNewVersion() {
        assertThrows(ForbiddenOperationException.class, () -> guard.checkUpdated(observation("A", null),
                observation("A", "B"), request("patient/Observation.u", "A")));
    }

    @Test
    void aServerWideTokenIsLeftToTheAuthorizationRules() {
        assertDoesNotThrow(() -> guard.checkCreated(observation("A", "B"), request("system/Observation.c", null)));
    }

    @Test
    void theServersOwnWritesAreNotTouched() {
        assertDoesNotThrow(() -> guard.checkCreated(observation("A", "B"), request(null, null)));
        assertDoesNotThrow(() -> guard.checkCreated(observation("A", "B"), null));
    }
}
