package io.github.hapismart.enforce;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.api.server.SimplePreResourceShowDetails;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.api.server.bulk.BulkExportJobParameters;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import io.github.hapismart.scope.AccessGrant;
import io.github.hapismart.scope.ScopeSet;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Binary;
import org.hl7.fhir.r4.model.Identifier;
import org.junit.jupiter.api.Test;

/**
 * {@link ExportOwnership} without a server: the owner recorded at kick-off, and that only a token with the same
 * owner (client, and launch patient for a patient token) polls the job and reads its files.
 */
class ExportOwnershipTest {

    private static final FhirContext FHIR = FhirContext.forR4Cached();
    private static final Map<String, String> JOBS = Map.of("job-a", "app Patient/A", "job-system", "backend");
    private final ExportOwnership ownership = new ExportOwnership(new ReachPolicy(UserAccessPolicy.SERVER_WIDE),
            jobId -> Optional.ofNullable(JOBS.get(jobId)));

    private static AccessGrant grant(String client, String scopes, String patient) {
        return new AccessGrant("jti", client, "alice", ScopeSet.parse(scopes), Optional.ofNullable(patient),
                Optional.empty(), Optional.empty(), Instant.EPOCH.plusSeconds(3600));
    }

    private static final AccessGrant PATIENT_A = grant("app", "patient/*.rs", "A");

    private static SystemRequestDetails request(AccessGrant grant) {
        SystemRequestDetails request = new SystemRequestDetails();
        request.setFhirContext(FHIR);
        if (grant != null) {
            request.getUserData().put(AccessGrant.REQUEST_ATTRIBUTE, grant);
        }
        return request;
    }

    private static SystemRequestDetails poll(AccessGrant grant, String... jobIds) {
        SystemRequestDetails request = request(grant);
        request.setOperation("$export-poll-status");
        request.setParameters(jobIds.length == 0 ? Map.of() : Map.of("_jobId", jobIds));
        return request;
    }

    private static Binary exportFile(String owner) {
        Binary binary = new Binary();
        binary.setId("Binary/f1");
        binary.getSecurityContext().setIdentifier(new Identifier().setSystem(ExportJobOwners.OWNER_SYSTEM)
                .setValue(owner));
        return binary;
    }

    private void show(AccessGrant grant, IBaseResource resource) {
        ownership.checkBinaries(new SimplePreResourceShowDetails(List.of(resource)), request(grant));
    }

    @Test
    void theOwnerIsTheClientAndForAPatientTokenItsPatient() {
        assertEquals(List.of("app Patient/A", "backend"),
                List.of(ExportOwnership.ownerOf(PATIENT_A), ExportOwnership.ownerOf(grant("backend", "system/*.rs",
                        null))));
    }

    @Test
    void kickOffWritesTheOwnerIntoTheJobsFiles() {
        BulkExportJobParameters parameters = new BulkExportJobParameters();
        ownership.recordOwner(parameters, request(PATIENT_A));
        assertEquals(List.of(ExportJobOwners.OWNER_SYSTEM, "app Patient/A"), List.of(
                parameters.getBinarySecurityContextIdentifierSystem(),
                parameters.getBinarySecurityContextIdentifierValue()));
    }

    @Test
    void theOwnerPollsItsJob() {
        assertDoesNotThrow(() -> ownership.checkPolling(poll(PATIENT_A, "job-a")));
    }

    @Test
    void theSameClientForAnotherPatientCannotPoll() {
        assertThrows(ForbiddenOperationException.class,
                () -> ownership.checkPolling(poll(grant("app", "patient/*.rs", "B"), "job-a")));
    }

    @Test
    void anotherClientCannotPoll() {
        assertThrows(ForbiddenOperationException.class,
                () -> ownership.checkPolling(poll(grant("other", "system/*.rs", null), "job-system")));
    }

    @Test
    void aPollWithoutExactlyOneKnownJobIsRefused() {
        assertThrows(ForbiddenOperationException.class, () -> ownership.checkPolling(poll(PATIENT_A)));
        assertThrows(ForbiddenOperationException.class, () -> ownership.checkPolling(poll(PATIENT_A, "job-a",
                "job-system")));
        assertThrows(ForbiddenOperationException.class, () -> ownership.checkPolling(poll(PATIENT_A, "unknown")));
    }

    @Test
    void withoutAJobOwnerLookupEveryPollIsRefused() {
        ExportOwnership blind = new ExportOwnership(new ReachPolicy(UserAccessPolicy.SERVER_WIDE), null);
        assertThrows(ForbiddenOperationException.class, () -> blind.checkPolling(poll(PATIENT_A, "job-a")));
    }

    @Test
    void theOwnerReadsItsFilesAndNoOneElseDoes() {
        assertDoesNotThrow(() -> show(PATIENT_A, exportFile("app Patient/A")));
        assertThrows(ForbiddenOperationException.class,
                () -> show(grant("app", "patient/*.rs", "B"), exportFile("app Patient/A")));
        assertThrows(ForbiddenOperationException.class,
                () -> show(grant("backend", "system/*.rs", null), exportFile("app Patient/A")));
    }

    @Test
    void aBinaryThatIsNoExportFileNeedsAServerWideBinaryScope() {
        Binary other = new Binary();
        other.setId("Binary/b1");
        assertThrows(ForbiddenOperationException.class, () -> show(PATIENT_A, other));
        assertDoesNotThrow(() -> show(grant("backend", "system/Binary.rs", null), other));
    }

    @Test
    void requestsWithoutAGrantAreNotTouched() {
        assertDoesNotThrow(() -> ownership.checkPolling(poll(null, "unknown")));
        assertDoesNotThrow(() -> show(null, exportFile("someone else")));
    }
}
