package io.github.hapismart.enforce;

import java.util.Optional;

/**
 * Finds who started a bulk export job, as recorded at kick-off in the job's Binary security context; on a HAPI JPA
 * server use {@code io.github.hapismart.hapi.Batch2ExportJobOwners.of}. Without one, status polling is refused to every SMART token.
 */
@FunctionalInterface
public interface ExportJobOwners {

    /** The identifier system of the owner written into export Binaries' {@code securityContext}. */
    String OWNER_SYSTEM = "urn:hapismart:bulk-export-owner";

    /** The owner recorded for {@code jobId}; empty if the job is unknown or has no owner. */
    Optional<String> ownerOf(String jobId);
}
