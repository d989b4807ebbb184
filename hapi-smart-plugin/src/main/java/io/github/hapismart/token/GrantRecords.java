package io.github.hapismart.token;

import io.github.hapismart.store.SmartDatabase;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The record of what each user granted each app (one row per grant family), so that a user can see which apps hold
 * access and revoke it. A grant is active while it is not revoked and either one of its access tokens may still be
 * valid or it has a live refresh token.
 */
public final class GrantRecords {

    private final SmartDatabase db;
    private final Clock clock;
    private final Duration accessTokenLifetime;

    /** One active grant as the management page shows it. */
    public record ActiveGrant(String family, String clientId, String scope, Optional<String> patient,
                              Instant createdAt, Optional<Instant> refreshExpiresAt, Optional<Instant> lastUsedAt) {
    }

    /**
     * One grant that has ended, as the management page's access history shows it.
     *
     * @param revokedAt when it was revoked; empty for a grant that simply expired
     */
    public record PastGrant(String family, String clientId, String scope, Optional<String> patient,
                            Instant createdAt, Optional<Instant> lastUsedAt, Optional<Instant> revokedAt) {
    }

    /** How many ended grants the access history shows at most (newest first). */
    public static final int HISTORY_LIMIT = 50;

    public GrantRecords(SmartDatabase db, Clock clock, Duration accessTokenLifetime) {
        this.db = db;
        this.clock = clock;
        this.accessTokenLifetime = accessTokenLifetime;
    }

    /** Records a new grant (at code issuance). */
    public void record(UserGrant grant) {
        db.update("INSERT INTO smart_grant (family, client_id, username, scope, patient, created_at) "
                        + "VALUES (?, ?, ?, ?, ?, ?)", grant.family(), grant.clientId(), grant.username(),
                grant.scopes().toString(), grant.context().patient().orElse(null), clock.millis());
    }

    /** The user's active grants, newest first. */
    public List<ActiveGrant> active(String username) {
        long now = clock.millis();
        return db.query("SELECT g.family, g.client_id, g.scope, g.patient, g.created_at, "
                        + "(SELECT MAX(r.expires_at) FROM smart_refresh_token r WHERE r.family = g.family "
                        + "AND r.revoked_at IS NULL AND r.rotated_at IS NULL AND r.expires_at > ?), g.last_used_at "
                        + "FROM smart_grant g WHERE g.username = ? AND g.revoked_at IS NULL ORDER BY g.created_at DESC",
                        row -> new ActiveGrant(row.getString(1), row.getString(2), row.getString(3),
                                Optional.ofNullable(row.getString(4)), Instant.ofEpochMilli(row.getLong(5)),
                                instant(row.getObject(6)), instant(row.getObject(7))),
                        now, username).stream()
                .filter(g -> g.refreshExpiresAt().isPresent()
                        || g.createdAt().plus(accessTokenLifetime).toEpochMilli() > now)
                .toList();
    }

    /**
     * The user's grants that have ended (revoked, or expired without a live refresh token), newest first, at most
     * {@link #HISTORY_LIMIT}: the access history beside {@link #active}.
     */
    public List<PastGrant> ended(String username) {
        long now = clock.millis();
        // The complement of active(): revoked, or no live refresh token and its only access token expired.
        return db.query("SELECT g.family, g.client_id, g.scope, g.patient, g.created_at, g.last_used_at, g.revoked_at "
                        + "FROM smart_grant g WHERE g.username = ? AND (g.revoked_at IS NOT NULL OR ("
                        + "g.created_at <= ? AND NOT EXISTS (SELECT 1 FROM smart_refresh_token r "
                        + "WHERE r.family = g.family AND r.revoked_at IS NULL AND r.rotated_at IS NULL "
                        + "AND r.expires_at > ?))) ORDER BY COALESCE(g.revoked_at, g.created_at) DESC "
                        + "LIMIT " + HISTORY_LIMIT,
                        row -> new PastGrant(row.getString(1), row.getString(2), row.getString(3),
                                Optional.ofNullable(row.getString(4)), Instant.ofEpochMilli(row.getLong(5)),
                                instant(row.getObject(6)), instant(row.getObject(7))),
                        username, now - accessTokenLifetime.toMillis(), now);
    }

    /** Records that {@code family} was used at {@code when} (a token issued or presented); unknown families: nothing. */
    void markUsed(String family, Instant when) {
        db.update("UPDATE smart_grant SET last_used_at = ? WHERE family = ? AND revoked_at IS NULL "
                + "AND (last_used_at IS NULL OR last_used_at < ?)", when.toEpochMilli(), family, when.toEpochMilli());
    }

    private static Optional<Instant> instant(Object millis) {
        return Optional.ofNullable((Number) millis).map(n -> Instant.ofEpochMilli(n.longValue()));
    }

    /** One grant family as recorded, active or not. */
    public record Recorded(String clientId, String username, String scope, Optional<String> patient) {
    }

    /** The record of {@code family}, if there is one. */
    public Optional<Recorded> find(String family) {
        return db.queryOne("SELECT client_id, username, scope, patient FROM smart_grant WHERE family = ?",
                row -> new Recorded(row.getString(1), row.getString(2), row.getString(3),
                        Optional.ofNullable(row.getString(4))), family);
    }

    /** Whether the family is a grant of {@code username} (so that users revoke only their own). */
    public boolean belongsTo(String family, String username) {
        return db.queryOne("SELECT username FROM smart_grant WHERE family = ?", row -> row.getString(1), family)
                .filter(username::equals).isPresent();
    }

    /**
     * The families of {@code username}'s grants to {@code clientId} not yet revoked (so that a user ends all of one
     * app's access at once, and only their own).
     */
    public List<String> unrevokedFamilies(String username, String clientId) {
        return db.query("SELECT family FROM smart_grant WHERE username = ? AND client_id = ? AND revoked_at IS NULL",
                row -> row.getString(1), username, clientId);
    }

    void markRevoked(String family) {
        db.update("UPDATE smart_grant SET revoked_at = ? WHERE family = ? AND revoked_at IS NULL", clock.millis(),
                family);
    }
}
