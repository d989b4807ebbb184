package io.github.hapismart.token;

import io.github.hapismart.store.ExpiryPurge;
import io.github.hapismart.store.SmartDatabase;
import io.github.hapismart.store.StoreException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

/**
 * Which access tokens (by {@code jti}) and grant families (by family id) are revoked. The list lives in the
 * database; each server keeps a snapshot that it reloads at most every {@code refreshInterval}, so a revocation made
 * anywhere takes effect within that bound, and a verified request costs no database round-trip.
 *
 * <p>One request at a time reloads: once a snapshot is half its interval old, the first request to notice reloads it
 * while the others go on with the snapshot they have, which is still inside the bound. Only a snapshot that has
 * reached the bound is never used: then every caller waits for one reload (the first one's) instead of each running
 * its own query. Before, every request thread that found the snapshot stale ran the query (and the purge) itself,
 * eight at once under load, and waited for the database to answer them all: a stall in the reads' tail latency.
 */
public final class RevocationList {

    private final SmartDatabase db;
    private final Clock clock;
    private final Duration refreshInterval;
    /** An entry outlives the tokens it revokes; once they have expired it is dead weight in every snapshot. */
    private final ExpiryPurge purge;
    private final AtomicReference<Snapshot> snapshot =
            new AtomicReference<>(new Snapshot(Set.of(), Set.of(), Long.MIN_VALUE, Long.MIN_VALUE));
    /** Set while one caller reloads ahead of the bound; the others keep using the current snapshot meanwhile. */
    private final AtomicBoolean reloading = new AtomicBoolean();
    /** Serialises the reloads of callers that may not use the current snapshot any more. */
    private final Object reloadLock = new Object();

    /**
     * @param reloadFrom epoch millisecond from which one caller reloads it ahead of the bound
     * @param usableUntil epoch millisecond from which it is never used (loaded + the interval)
     */
    private record Snapshot(Set<String> tokens, Set<String> families, long reloadFrom, long usableUntil) {
    }

    public RevocationList(SmartDatabase db, Clock clock, Duration refreshInterval) {
        this.db = db;
        this.clock = clock;
        this.refreshInterval = refreshInterval;
        this.purge = ExpiryPurge.of(db, clock, "smart_revocation", "expires_at");
    }

    /** Revokes one access token until it would have expired anyway. */
    public void revokeToken(String jti, Instant expiresAt) {
        insert("jti", jti, expiresAt);
    }

    /** Revokes every access token of a grant family until {@code expiresAt}. */
    public void revokeFamily(String familyId, Instant expiresAt) {
        insert("family", familyId, expiresAt);
    }

    /** Whether the token or its family is revoked, as of a snapshot at most {@code refreshInterval} old. */
    public boolean isRevoked(String jti, String familyId) {
        Snapshot current = current();
        return current.tokens().contains(jti) || (familyId != null && current.families().contains(familyId));
    }

    private void insert(String kind, String value, Instant expiresAt) {
        Instant now = clock.instant();
        try {
            db.update("INSERT INTO smart_revocation (kind, item, expires_at, revoked_at) VALUES (?, ?, ?, ?)",
                    kind, value, expiresAt.toEpochMilli(), now.toEpochMilli());
        } catch (StoreException e) {
            if (!SmartDatabase.isDuplicateKey(e)) {
                throw e;
            }
        }
        snapshot.set(load(now));
    }

    private Snapshot current() {
        Snapshot current = snapshot.get();
        long now = clock.millis(); // millis, not Instants: this runs on every verified request
        if (now < current.usableUntil()) {
            if (now >= current.reloadFrom() && reloading.compareAndSet(false, true)) {
                try {
                    return reload(current, clock.instant());
                } finally {
                    reloading.set(false);
                }
            }
            return current; // still inside the bound
        }
        synchronized (reloadLock) {
            Snapshot latest = snapshot.get();
            if (clock.millis() < latest.usableUntil()) {
                return latest; // another caller reloaded while this one waited
            }
            return reload(latest, clock.instant());
        }
    }

    /** Loads a fresh snapshot and publishes it unless a newer one (a local revocation's) got there first. */
    private Snapshot reload(Snapshot seen, Instant now) {
        Snapshot fresh = load(now);
        return snapshot.compareAndSet(seen, fresh) ? fresh : snapshot.get();
    }

    private Snapshot load(Instant now) {
        purge.runIfDue();
        record Row(String kind, String value) {
        }
        var rows = db.query("SELECT kind, item FROM smart_revocation", r -> new Row(r.getString(1), r.getString(2)));
        return new Snapshot(
                rows.stream().filter(r -> r.kind().equals("jti")).map(Row::value).collect(Collectors.toUnmodifiableSet()),
                rows.stream().filter(r -> r.kind().equals("family")).map(Row::value).collect(Collectors.toUnmodifiableSet()),
                now.plus(refreshInterval.dividedBy(2)).toEpochMilli(), now.plus(refreshInterval).toEpochMilli());
    }
}
