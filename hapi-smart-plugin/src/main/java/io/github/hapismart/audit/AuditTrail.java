package io.github.hapismart.audit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.hl7.fhir.r4.model.AuditEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link AuditSink} that queues events and writes them on one background thread. What it guarantees:
 * <ul>
 *   <li>{@link #record} never blocks and never throws: when the bounded queue is full the event is dropped, counted
 *       ({@link #dropped()}) and logged at WARN (the first drop, then every 1,000th).</li>
 *   <li>The writer takes what is queued, going on for up to 1 s after the first record (up to 4,096 records at a
 *       time), and hands the store batches of up to its
 *       {@link AuditStore#batchSize()} events ({@link AuditStore#storeAll}: one transaction on HAPI JPA), so a busy
 *       trail pays a store's per-write overhead once per batch. It builds the AuditEvents of one batch at a time and
 *       writes them before it builds the next, so that at most one batch of built events is held at once.</li>
 *   <li>Successful patient-data access records that waited in the queue together for the same token, patient and
 *       kind are written as one AuditEvent listing each request and its time ({@link BalpAuditEvents#groups});
 *       every other record is an AuditEvent of its own.</li>
 *   <li>A store that fails does not stop the trail: a failed batch is counted ({@link #failedBatches()}) and logged,
 *       and its events are then stored one at a time, so only the events that fail alone are lost; each of those is
 *       counted ({@link #failed()}) and logged, and the next events are written.</li>
 *   <li>{@link #close()} (a normal shutdown) stops taking events and writes every queued one before it returns
 *       (waiting at most the given drain timeout).</li>
 * </ul>
 */
public final class AuditTrail implements AuditSink, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AuditTrail.class);
    /**
     * How many queued records the writer takes at a time (then split into the store's batches): more than a busy
     * server records in one gathering time (about 2,600 per second on the benchmark's reads), so that it is the time,
     * not this cap, that sets how often the store commits.
     */
    private static final int DRAIN = 4_096;
    /**
     * How long the writer goes on gathering after the first record of a batch. On HAPI JPA most of a write's cost is
     * the commit (H2 writing the B-tree pages it dirtied, however few rows changed; a JFR of the benchmark's reads put
     * about 15-20 ms of CPU on each, docs/benchmarks.md), so the trail's cost per request falls with the commits per
     * second: with 100 ms a busy server committed 10 times a second and the writer had 7-13 % of its CPU samples; with
     * 1 s it commits about once. The price: an event reaches the store up to about a second (plus the write) after
     * its request.
     */
    private static final long GATHER_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** How often the writer takes what arrived while it gathers (see {@link #gather}). */
    private static final long LOOK_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final BlockingQueue<AuditRecord> queue;
    private final BalpAuditEvents events;
    private final AuditStore store;
    private final Duration drainTimeout;
    private final Thread writer;
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong batches = new AtomicLong();
    private final AtomicLong failedBatches = new AtomicLong();
    private volatile boolean closing;

    /** Starts the writer thread; {@link #close()} stops it. */
    public AuditTrail(AuditSettings settings, BalpAuditEvents events, AuditStore store, Duration drainTimeout) {
        this.queue = new ArrayBlockingQueue<>(settings.queueCapacity());
        this.events = Objects.requireNonNull(events, "events");
        this.store = Objects.requireNonNull(store, "store");
        this.drainTimeout = Objects.requireNonNull(drainTimeout, "drainTimeout");
        this.writer = new Thread(this::run, "smart-audit-writer");
        writer.setDaemon(true);
        writer.start();
    }

    @Override
    public void record(AuditRecord event) {
        if (event == null) {
            return;
        }
        if (closing || !queue.offer(event)) {
            long count = dropped.incrementAndGet();
            if (count == 1 || count % 1_000 == 0) {
                LOG.warn("Audit queue full or closed: dropped {} event(s) so far (this one: {})", count,
                        event.kind().code());
            }
        }
    }

    /** Events dropped because the queue was full (or the trail closed). */
    public long dropped() {
        return dropped.get();
    }

    /** Events the store failed to write (a coalesced access event counts each request it listed). */
    public long failed() {
        return failed.get();
    }

    /** Batches of more than one event the store wrote in one unit. */
    public long batches() {
        return batches.get();
    }

    /** Batches the store failed to write (their events were then stored one at a time). */
    public long failedBatches() {
        return failedBatches.get();
    }

    /** Events written (each request a coalesced access event lists counts as one). */
    public long written() {
        return written.get();
    }

    /** Events waiting for the writer. */
    public int pending() {
        return queue.size();
    }

    private void run() {
        List<AuditRecord> batch = new ArrayList<>(DRAIN);
        while (!closing || !queue.isEmpty()) {
            try {
                AuditRecord first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                gather(batch);
                writeAll(batch);
                batch.clear();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                drainNow();
                return;
            }
        }
    }

    /** Adds what arrives within the gathering time (or until the batch is full or the trail closes). */
    private void gather(List<AuditRecord> batch) throws InterruptedException {
        long deadline = System.nanoTime() + GATHER_NANOS;
        queue.drainTo(batch, DRAIN - batch.size());
        while (batch.size() < DRAIN && !closing) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            // Looks at the queue every 50 ms rather than waiting in poll(): a writer waiting on the queue is woken by
            // every record (an unpark on the request thread, a switch to this one), thousands of times a second
            // under load, for one record each time.
            TimeUnit.NANOSECONDS.sleep(Math.min(left, LOOK_NANOS));
            queue.drainTo(batch, DRAIN - batch.size());
        }
    }

    private void drainNow() {
        List<AuditRecord> rest = new ArrayList<>();
        queue.drainTo(rest);
        writeAll(rest);
    }

    private void writeAll(List<AuditRecord> records) {
        // Patient-data access records that waited together for the same token and patient become one event
        // (BalpAuditEvents.groups); every other record is an event of its own. The events are built one store batch
        // at a time, each written before the next is built: a second's worth of token grants (hundreds of events, a
        // few KB each) built at once outlived several young collections while the batches were written one after
        // another, and was promoted to the old generation, where it filled the heap towards a full collection.
        int size = Math.max(1, store.batchSize());
        List<AuditEvent> chunk = new ArrayList<>(size);
        List<Integer> counts = new ArrayList<>(size);
        for (List<AuditRecord> group : BalpAuditEvents.groups(records)) {
            try {
                chunk.add(events.toAuditEvent(group));
                counts.add(group.size());
            } catch (RuntimeException | LinkageError e) {
                failed(group.get(0).kind().code(), group.size(), e);
            }
            if (chunk.size() == size) {
                writeChunk(chunk, counts);
                chunk = new ArrayList<>(size);
                counts = new ArrayList<>(size);
            }
        }
        if (!chunk.isEmpty()) {
            writeChunk(chunk, counts);
        }
    }

    /** Writes built events as one store batch, or alone when the batch fails (or holds one event). */
    private void writeChunk(List<AuditEvent> chunk, List<Integer> counts) {
        if (chunk.size() == 1) {
            writeOne(chunk.get(0), counts.get(0));
            return;
        }
        try {
            store.storeAll(chunk);
            written.addAndGet(counts.stream().mapToLong(Integer::longValue).sum());
            batches.incrementAndGet();
        } catch (RuntimeException | LinkageError e) {
            long count = failedBatches.incrementAndGet();
            if (count == 1 || count % 100 == 0) {
                LOG.warn("Could not store a batch of {} audit events; storing each alone; {} failed batch(es) so "
                        + "far: {}", chunk.size(), count, e.toString());
            }
            for (int i = 0; i < chunk.size(); i++) {
                writeOne(chunk.get(i), counts.get(i));
            }
        }
    }

    private void writeOne(AuditEvent event, int records) {
        try {
            store.store(event);
            written.addAndGet(records);
        } catch (RuntimeException | LinkageError e) {
            failed(event.getSubtypeFirstRep().getCode(), records, e);
        }
    }

    private void failed(String code, int records, Throwable e) {
        long before = failed.getAndAdd(records);
        long count = before + records;
        if (before == 0 || before / 100 != count / 100) {
            LOG.warn("Could not store an audit event ({}); {} failure(s) so far: {}", code, count, e.toString());
        }
    }

    /** Stops taking events and writes the queued ones, waiting at most the drain timeout. */
    @Override
    public void close() {
        closing = true;
        try {
            writer.join(drainTimeout.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (writer.isAlive()) {
            LOG.warn("Audit writer did not finish within {}; {} event(s) not written", drainTimeout, queue.size());
        }
    }
}
