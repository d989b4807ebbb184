package io.github.hapismart.audit;

import java.util.List;
import org.hl7.fhir.r4.model.AuditEvent;

/**
 * Persists AuditEvents; called only from {@link AuditTrail}'s writer thread, never on a request thread, so it may
 * block and may throw (the trail logs and counts the failure and goes on).
 *
 * <p>A store that can write several events in one unit of work (on HAPI JPA: one database transaction) says how
 * many with {@link #batchSize()} and overrides {@link #storeAll}; the trail then hands it up to that many queued
 * events at a time, so the per-write cost of a transaction (begin, flush, commit, the disk sync) is paid once per
 * batch instead of once per event.
 */
@FunctionalInterface
public interface AuditStore {

    /** Stores {@code event}; throws if it could not. */
    void store(AuditEvent event);

    /**
     * Stores {@code events} (at most {@link #batchSize()}) as one unit: when it returns every one is stored; when it
     * throws none is (the trail then stores each alone with {@link #store}, so one bad event costs only itself). The
     * default, for a store without such a unit, stores them one at a time; its batch size is 1.
     */
    default void storeAll(List<AuditEvent> events) {
        events.forEach(this::store);
    }

    /** How many events {@link #storeAll} takes at once (1: the store writes one event at a time). */
    default int batchSize() {
        return 1;
    }
}
