package io.github.hapismart.hapi;

import ca.uhn.fhir.batch2.api.IJobCoordinator;
import ca.uhn.fhir.rest.api.server.bulk.BulkExportJobParameters;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import io.github.hapismart.enforce.ExportJobOwners;
import java.util.Optional;

/**
 * {@link ExportJobOwners} for HAPI JPA's batch2 bulk export jobs: reads the owner from the job's parameters, so it
 * holds across restarts and cluster nodes. The only class touching the optional {@code hapi-fhir-storage-batch2}
 * dependency.
 */
public final class Batch2ExportJobOwners {

    private Batch2ExportJobOwners() {
    }

    /** The owner lookup backed by the server's {@code IJobCoordinator} bean. */
    public static ExportJobOwners of(IJobCoordinator jobs) {
        return jobId -> {
            try {
                BulkExportJobParameters parameters = jobs.getInstance(jobId).getParameters(BulkExportJobParameters.class);
                return ExportJobOwners.OWNER_SYSTEM.equals(parameters.getBinarySecurityContextIdentifierSystem())
                        ? Optional.ofNullable(parameters.getBinarySecurityContextIdentifierValue())
                        : Optional.empty();
            } catch (ResourceNotFoundException | IllegalArgumentException unknown) {
                return Optional.empty();
            }
        };
    }
}
