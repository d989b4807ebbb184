package io.github.hapismart.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
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

    @Test
    void queuedEventsAreWrittenInTheStoresBatchesAndEveryOneLands() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        BatchingStore store = new BatchingStore(16, release);
        AuditTrail trail = new AuditTrail(AuditSettings.DEFAULTS, EVENTS, store, Duration.ofSeconds(10));
        for (int i = 0; i < 1_000; i++) {
            trail.record(event(i));
        }
        release.countDown();
        trail.close();
        assertEquals(1_000, store.stored.size());
        assertEquals(1_000, trail.written());
        assertTrue(store.chunkSizes.stream().allMatch(size -> size <= 16), "no batch above the store's size");
        assertTrue(trail.batches() >= 1_000 / 16 - 1, "the queued events went in batches: " + store.chunkSizes);
    }

    /**
     * The events are built one store batch at a time, each batch written before the next is built: when the first
     * batch reaches the store, an event queued after it has not been built yet (its building, which fails here, has
     * not been counted). Building every queued event first held a second's worth of them through all the writes.
     */
    @Test
    void eachBatchIsWrittenBeforeTheNextOneIsBuilt() throws InterruptedException {
        AtomicReference<AuditTrail> trail = new AtomicReference<>();
        List<Long> failedWhenStored = new CopyOnWriteArrayList<>();
        AuditStore store = new AuditStore() {
            @Override
            public void store(AuditEvent event) {
                failedWhenStored.add(trail.get().failed());
            }

            @Override
            public void storeAll(List<AuditEvent> events) {
                failedWhenStored.add(trail.get().failed());
            }

            @Override
            public int batchSize() {
                return 2;
            }
        };
        trail.set(new AuditTrail(AuditSettings.DEFAULTS, EVENTS, store, Duration.ofSeconds(10)));
        trail.get().record(event(0));
        trail.get().record(event(1));
        // Two successful queries that agree become one event, whose building sums their resource counts: not numbers.
        for (int i = 0; i < 2; i++) {
            trail.get().record(AuditRecord.of(AuditKind.PATIENT_QUERY, true, Instant.EPOCH).client("app")
                    .patient("p1").detail(BalpAuditEvents.RESOURCES_DETAIL, "not a number").build());
        }
        // Closing would end the writer's gathering early; waiting for all four keeps them in one batch.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (trail.get().written() + trail.get().failed() < 4 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        trail.get().close();
        assertEquals(List.of(0L), failedWhenStored, "the first batch was written before the query event was built");
        assertEquals(2, trail.get().failed(), "the query event, listing two requests, could not be built");
        assertEquals(2, trail.get().written());
    }

    @Test
    void aFailingBatchIsCountedAndItsEventsAreThenStoredOneByOne() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        BatchingStore store = new BatchingStore(8, release);
        store.failBatches = true;
        store.failAlone = "app-5";
        AuditTrail trail = new AuditTrail(AuditSettings.DEFAULTS, EVENTS, store, Duration.ofSeconds(10));
        for (int i = 0; i < 40; i++) {
            trail.record(event(i));
        }
        release.countDown();
        trail.close();
        assertTrue(trail.failedBatches() >= 1, "the failed batches are counted");
        assertEquals(1, trail.failed(), "only the event that fails alone is lost");
        assertEquals(39, trail.written());
        assertEquals(39, store.stored.size());
    }

    @Test
    void closeWritesEveryEventStillQueuedBehindASlowBatchingStore() {
        CountDownLatch release = new CountDownLatch(1);
        BatchingStore store = new BatchingStore(64, release);
        AuditTrail trail = new AuditTrail(new AuditSettings(false, 5_000), EVENTS, store, Duration.ofSeconds(30));
        for (int i = 0; i < 5_000; i++) {
            trail.record(event(i));
        }
        release.countDown();
        trail.close();
        assertEquals(0, trail.dropped());
        assertEquals(5_000, store.stored.size());
        assertEquals(0, trail.pending());
    }

    @Test
    void accessRecordsQueuedTogetherAreWrittenAsFewerEventsAndEveryRequestIsCounted() {
        CountDownLatch release = new CountDownLatch(1);
        BatchingStore store = new BatchingStore(64, release);
        AuditTrail trail = new AuditTrail(AuditSettings.DEFAULTS, EVENTS, store, Duration.ofSeconds(10));
        for (int i = 0; i < 300; i++) {
            trail.record(AuditRecord.of(AuditKind.PATIENT_READ, true, Instant.EPOCH.plusSeconds(i)).client("app")
                    .tokenId("t-1").patient("A").request("GET Patient/A").detail("interaction", "read").build());
        }
        release.countDown();
        trail.close();
        assertEquals(300, trail.written());
        assertEquals(300, store.stored.stream().flatMap(event -> event.getEntity().stream())
                .filter(entity -> "24".equals(entity.getRole().getCode()))
                .mapToInt(query -> query.getDetail().isEmpty() ? 1 : (int) query.getDetail().stream()
                        .filter(detail -> BalpAuditEvents.REQUEST_DETAIL.equals(detail.getType())).count())
                .sum(), "every request is listed once (a lone request's Query entity is the request itself)");
        assertTrue(store.stored.size() < 300, "requests that waited together share an event: " + store.stored.size());
    }

    @Test
    void accessRecordsAFewHundredMillisecondsApartStillShareOneEvent() throws Exception {
        List<AuditEvent> stored = new CopyOnWriteArrayList<>();
        AuditTrail trail = new AuditTrail(AuditSettings.DEFAULTS, EVENTS, stored::add, Duration.ofSeconds(10));
        for (int i = 0; i < 3; i++) {
            trail.record(AuditRecord.of(AuditKind.PATIENT_READ, true, Instant.EPOCH.plusSeconds(i)).client("app")
                    .tokenId("t-1").patient("A").request("GET Patient/A").detail("interaction", "read").build());
            // Spacing the requests as a client's reads arrive (not waiting for the trail): 200 ms apart, each is
            // within the writer's 1 s of gathering after the first.
            Thread.sleep(200);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (trail.written() < 3 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(1, stored.size(), "one event for the three reads");
        trail.close();
    }

    /**
     * A store that writes batches all or nothing, like a database transaction; the first write waits for
     * {@code release} so that the test can queue events behind it.
     */
    private static final class BatchingStore implements AuditStore {
        final List<AuditEvent> stored = new CopyOnWriteArrayList<>();
        final List<Integer> chunkSizes = new CopyOnWriteArrayList<>();
        private final int size;
        private final CountDownLatch release;
        volatile boolean failBatches;
        volatile String failAlone;

        BatchingStore(int size, CountDownLatch release) {
            this.size = size;
            this.release = release;
        }

        @Override
        public void store(AuditEvent event) {
            awaitQuietly(release);
            if (event.getAgentFirstRep().getWho().getDisplay().equals(failAlone)) {
                throw new IllegalStateException("constraint violated");
            }
            stored.add(event);
        }

        @Override
        public void storeAll(List<AuditEvent> events) {
            awaitQuietly(release);
            if (failBatches) {
                throw new IllegalStateException("transaction rolled back");
            }
            chunkSizes.add(events.size());
            stored.addAll(events);
        }

        @Override
        public int batchSize() {
            return size;
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
