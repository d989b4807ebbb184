package io.github.hapismart.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.hl7.fhir.r4.model.AuditEvent;
import org.junit.jupiter.api.Test;

/** The audit trail's queue: never blocks or throws for the caller, counts what it drops, flushes on close. */
class AuditTrailTest {

    private static final BalpAuditEvents EVENTS = new BalpAuditEvents("https://ehr.example.org/fhir");

    private static AuditRecord event(int n) {
        return AuditRecord.of(AuditKind.ACCESS_REFUSED, false, Instant.EPOCH).client("app-" + n).build();
    }

    @Test
    void aFullQueueDropsAndCountsInsteadOfBlocking() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch writing = new CountDownLatch(1);
        List<AuditEvent> stored = new CopyOnWriteArrayList<>();
        AuditTrail trail = new AuditTrail(new AuditSettings(false, 2), EVENTS, event -> {
            writing.countDown();
            awaitQuietly(release);
            stored.add(event);
        }, Duration.ofSeconds(10));
        trail.record(event(0));
        assertTrue(writing.await(5, TimeUnit.SECONDS), "the writer took the first event");
        long start = System.nanoTime();
        for (int i = 1; i <= 10; i++) {
            trail.record(event(i));
        }
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(1), "record() must not wait for the store");
        assertEquals(8, trail.dropped());
        release.countDown();
        trail.close();
        assertEquals(3, stored.size());
        assertEquals(3, trail.written());
    }

    @Test
    void aFailingStoreIsCountedAndTheNextEventsAreStillWritten() {
        List<AuditEvent> stored = new CopyOnWriteArrayList<>();
        AuditTrail trail = new AuditTrail(AuditSettings.DEFAULTS, EVENTS, event -> {
            if (stored.isEmpty() && event.getAgentFirstRep().getWho().getDisplay().equals("app-1")) {
                throw new IllegalStateException("database down");
            }
            stored.add(event);
        }, Duration.ofSeconds(10));
        for (int i = 1; i <= 3; i++) {
            trail.record(event(i));
        }
        trail.close();
        assertEquals(1, trail.failed());
        assertEquals(2, trail.written());
    }

    @Test
    void closeWritesEveryQueuedEventAndLaterOnesAreCountedAsDropped() {
        List<AuditEvent> stored = new CopyOnWriteArrayList<>();
        AuditTrail trail = new AuditTrail(AuditSettings.DEFAULTS, EVENTS, stored::add, Duration.ofSeconds(10));
        for (int i = 0; i < 500; i++) {
            trail.record(event(i));
        }
        trail.close();
        assertEquals(500, stored.size());
        trail.record(event(501));
        assertEquals(1, trail.dropped());
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
