package io.github.hapismart.federate;

import io.github.hapismart.store.ExpiryPurge;
import io.github.hapismart.store.SmartDatabase;
import io.github.hapismart.store.TokenHashing;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * Sign-ins in progress at an upstream provider, in the plugin's database (so the callback may reach any node): the
 * {@code state} sent (stored as a hash), the browser it was started in (its binding cookie's hash), the provider,
 * the {@code nonce} and PKCE verifier, and the authorization request to resume. Each is usable once and for
 * {@link #LIFETIME}. The request id is kept as it is (the callback must resume it); alone it is worthless, since the
 * request also needs the browser's binding cookie, of which only the hash is stored.
 */
final class UpstreamLogins {

    /** How long a user has to sign in at the provider. */
    static final Duration LIFETIME = Duration.ofMinutes(10);

    /** A sign-in in progress, as taken back at the callback. */
    record Started(String providerId, String nonce, String codeVerifier, String txn) {
    }

    private final SmartDatabase db;
    private final Clock clock;
    private final ExpiryPurge purge;

    UpstreamLogins(SmartDatabase db, Clock clock) {
        this.db = db;
        this.clock = clock;
        this.purge = ExpiryPurge.of(db, clock, "smart_upstream_login", "expires_at");
    }

    void start(String state, String binding, Started started) {
        purge.runIfDue();
        db.update("INSERT INTO smart_upstream_login (state_hash, binding_hash, provider_id, nonce, code_verifier, txn,"
                        + " expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                TokenHashing.hash(state), TokenHashing.hash(binding), started.providerId(), started.nonce(),
                started.codeVerifier(), started.txn(), clock.millis() + LIFETIME.toMillis());
    }

    /**
     * Takes the sign-in with this {@code state} out of the table, if it is live and was started in the browser
     * holding {@code binding}. A second take of the same state finds nothing, even on another node at once.
     */
    Optional<Started> take(String state, String binding) {
        if (state == null || binding == null || state.length() > 128) {
            return Optional.empty();
        }
        String stateHash = TokenHashing.hash(state);
        record Row(String bindingHash, Started started) {
        }
        Optional<Row> row = db.queryOne("SELECT binding_hash, provider_id, nonce, code_verifier, txn"
                        + " FROM smart_upstream_login WHERE state_hash = ? AND expires_at > ?",
                r -> new Row(r.getString(1), new Started(r.getString(2), r.getString(3), r.getString(4),
                        r.getString(5))), stateHash, clock.millis());
        if (row.isEmpty() || !MessageDigest.isEqual(row.get().bindingHash().getBytes(StandardCharsets.US_ASCII),
                TokenHashing.hash(binding).getBytes(StandardCharsets.US_ASCII))) {
            return Optional.empty();
        }
        boolean mine = db.update("DELETE FROM smart_upstream_login WHERE state_hash = ?", stateHash) == 1;
        return mine ? Optional.of(row.get().started()) : Optional.empty();
    }
}
