package io.github.hapismart.audit;

import org.hl7.fhir.r4.model.AuditEvent;

/**
 * Persists AuditEvents; called only from {@link AuditTrail}'s writer thread, never on a request thread, so it may
 * block and may throw (the trail logs and counts the failure and goes on).
 */
@FunctionalInterface
public interface AuditStore {

    /** Stores {@code event}; throws if it could not. */
    void store(AuditEvent event);
}
