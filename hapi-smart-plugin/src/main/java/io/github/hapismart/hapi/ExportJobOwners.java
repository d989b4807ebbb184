package io.github.hapismart.hapi;

import java.util.Optional;

/**
 * Finds who started a bulk export job, as recorded at kick-off in the job's Binary security context; on a HAPI JPA
 * server use {@link Batch2ExportJobOwners#of}. Without one, status polling is refused to every SMART token.
 */
@FunctionalInterface
public interface ExportJobOwners {

    /** The owner recorded for {@code jobId}; empty if the job is unknown or has no owner. */
    Optional<String> ownerOf(String jobId);
}
