package io.github.hapismart.authorize;

import io.github.hapismart.store.ExpiryPurge;
import io.github.hapismart.store.SmartDatabase;
import io.github.hapismart.store.TokenHashing;
import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * Authorization requests in progress, stored server-side so that the user cannot alter them. The browser holds the
 * random request id (in the page URL and forms) and a binding cookie; both must match, and only their hashes are
 * stored. A request lives {@link #LIFETIME} and ends when a code or error is sent to the client.
 */
final class PendingAuthorizations {

    /** How long a user has to log in, pick and consent. */
    static final Duration LIFETIME = Duration.ofMinutes(30);

    private final SmartDatabase db;
    private final TokenHashing hashing;
    private final Clock clock;
    private final ExpiryPurge purge;

    /** A request in progress: its id hash, the request, and the patient picked so far. */
    record Pending(String idHash, AuthorizationRequest request, Optional<String> patient) {
    }

    PendingAuthorizations(SmartDatabase db, TokenHashing hashing, Clock clock) {
        this.db = db;
        this.hashing = hashing;
        this.clock = clock;
        this.purge = ExpiryPurge.of(db, clock, "smart_pending_authorization", "expires_at");
    }

    /** Stores the request for the browser holding {@code binding}; returns the request id. */
    String create(AuthorizationRequest request, String binding) {
        String id = hashing.newToken();
        long now = clock.millis();
        purge.runIfDue();
        db.update("INSERT INTO smart_pending_authorization (id_hash, binding_hash, request, expires_at) "
                        + "VALUES (?, ?, ?, ?)",
                TokenHashing.hash(id), TokenHashing.hash(binding), request.toJson(), now + LIFETIME.toMillis());
        return id;
    }

    /** The live request with this id, if the browser's binding cookie matches. */
    Optional<Pending> find(String id, String binding) {
        if (id == null || binding == null || id.length() > 128 || binding.length() > 128) {
            return Optional.empty();
        }
        record Row(String bindingHash, Pending pending) {
        }
        String idHash = TokenHashing.hash(id);
        return db.queryOne("SELECT binding_hash, request, patient FROM smart_pending_authorization "
                                + "WHERE id_hash = ? AND expires_at > ?",
                        row -> new Row(row.getString(1), new Pending(idHash,
                                AuthorizationRequest.fromJson(row.getString(2)), Optional.ofNullable(row.getString(3)))),
                        idHash, clock.millis())
                .filter(row -> MessageDigest.isEqual(row.bindingHash().getBytes(StandardCharsets.US_ASCII),
                        TokenHashing.hash(binding).getBytes(StandardCharsets.US_ASCII)))
                .map(Row::pending);
    }

    /** Records the patient the user picked. */
    void setPatient(String idHash, String patient) {
        db.update("UPDATE smart_pending_authorization SET patient = ? WHERE id_hash = ?", patient, idHash);
    }

    /** Ends the request (answered with a code or an error). */
    void delete(String idHash) {
        db.update("DELETE FROM smart_pending_authorization WHERE id_hash = ?", idHash);
    }
}
