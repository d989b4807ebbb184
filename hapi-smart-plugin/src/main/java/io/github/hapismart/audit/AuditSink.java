package io.github.hapismart.audit;

/**
 * Where the endpoints and the enforcement hooks report what happened. An implementation must return at once and
 * never throw: auditing must neither slow nor fail the request that caused the event ({@link AuditTrail} queues).
 */
@FunctionalInterface
public interface AuditSink {

    /** Records {@code event}; returns at once, never throws. */
    void record(AuditRecord event);

    /** A sink that drops everything (auditing off). */
    static AuditSink none() {
        return event -> { };
    }
}
