package io.github.hapismart.launch;

import io.github.hapismart.audit.AuditKind;
import io.github.hapismart.audit.AuditRecord;
import io.github.hapismart.audit.AuditSink;
import com.nimbusds.jose.util.JSONObjectUtils;
import io.github.hapismart.store.ExpiryPurge;
import io.github.hapismart.store.SmartDatabase;
import io.github.hapismart.store.TokenHashing;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * EHR launch contexts in the database. The opaque {@code launch} value is 256 random bits and only its hash is
 * stored; a context is bound to one client, usable once, and expires after the configured lifetime. Contexts
 * survive a restart.
 */
public final class LaunchContextStore {

    private final AuditSink audit;

    private final SmartDatabase db;
    private final TokenHashing hashing;
    private final Clock clock;
    private final Duration lifetime;
    /** Rows stay a day past expiry, as they always have; validity is decided by expires_at, not by a row's presence. */
    private final ExpiryPurge purge;

    public LaunchContextStore(SmartDatabase db, TokenHashing hashing, Clock clock, Duration lifetime) {
        this(db, hashing, clock, lifetime, AuditSink.none());
    }

    /** A store that records each launch context created (by whom, for which app and patient) in {@code audit}. */
    public LaunchContextStore(SmartDatabase db, TokenHashing hashing, Clock clock, Duration lifetime,
                              AuditSink audit) {
        this.audit = audit;
        this.db = db;
        this.hashing = hashing;
        this.clock = clock;
        this.lifetime = lifetime;
        this.purge = new ExpiryPurge(db, clock, "smart_launch_context", "expires_at", Duration.ofDays(1),
                ExpiryPurge.DEFAULT_INTERVAL);
    }

    /** Stores a context for {@code clientId}, created by {@code createdBy}; returns the opaque launch value. */
    public String create(String clientId, LaunchContext context, String createdBy) {
        String launch = hashing.newToken();
        Instant now = clock.instant();
        purge.runIfDue();
        db.update("INSERT INTO smart_launch_context (launch_hash, client_id, context, created_by, created_at, "
                        + "expires_at) VALUES (?, ?, ?, ?, ?, ?)",
                TokenHashing.hash(launch), clientId, JSONObjectUtils.toJSONString(context.toJson()), createdBy,
                now.toEpochMilli(), now.plus(lifetime).toEpochMilli());
        audit.record(AuditRecord.of(AuditKind.LAUNCH_CREATED, true, now).client(clientId)
                .fhirUser(context.fhirUser().orElse(null)).patient(context.patient().orElse(null))
                .resource(context.encounter().map(e -> "Encounter/" + e).orElse(null))
                .detail("created_by", createdBy).detail("intent", context.intent().orElse(null)).build());
        return launch;
    }

    /** How long a new context is valid. */
    public Duration lifetime() {
        return lifetime;
    }

    /**
     * Uses up the context of {@code launch} for {@code clientId}. Empty when the value is unknown, expired, already
     * used, or bound to another client (that client's attempt does not use it up).
     */
    public Optional<LaunchContext> consume(String clientId, String launch) {
        if (launch == null || launch.isEmpty() || launch.length() > 512) {
            return Optional.empty();
        }
        String hash = TokenHashing.hash(launch);
        long now = clock.millis();
        int claimed = db.update("UPDATE smart_launch_context SET used_at = ? WHERE launch_hash = ? AND client_id = ? "
                + "AND used_at IS NULL AND expires_at > ?", now, hash, clientId, now);
        if (claimed != 1) {
            return Optional.empty();
        }
        return db.queryOne("SELECT context FROM smart_launch_context WHERE launch_hash = ?",
                row -> row.getString(1), hash).map(LaunchContextStore::parse);
    }

    private static LaunchContext parse(String json) {
        try {
            return LaunchContext.fromJson(JSONObjectUtils.parse(json));
        } catch (ParseException e) {
            throw new IllegalStateException("Stored launch context is not JSON", e);
        }
    }
}
