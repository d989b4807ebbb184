package io.github.hapismart.token;

import com.nimbusds.jose.util.JSONObjectUtils;
import io.github.hapismart.store.ExpiryPurge;
import io.github.hapismart.store.SmartDatabase;
import io.github.hapismart.store.TokenHashing;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Authorization codes: 256 random bits handed to the browser, stored only as a hash together with the grant and
 * its bindings (client, redirect_uri, PKCE challenge). A code can be redeemed once; {@link #redeem} still finds a
 * used code so that the caller can revoke what its first use issued.
 */
public final class AuthorizationCodes {

    private final SmartDatabase db;
    private final TokenHashing hashing;
    private final Clock clock;
    private final Duration lifetime;
    /** Used codes are kept a day past expiry, so that a replay is recognised and revokes what the first use issued. */
    private final ExpiryPurge purge;

    /**
     * A stored code.
     *
     * @param firstUse whether this redemption is the first; false means the code is being replayed
     */
    public record StoredCode(UserGrant grant, String redirectUri, String codeChallenge, Instant expiresAt,
                             boolean firstUse) {
    }

    public AuthorizationCodes(SmartDatabase db, TokenHashing hashing, Clock clock, Duration lifetime) {
        this.db = db;
        this.hashing = hashing;
        this.clock = clock;
        this.lifetime = lifetime;
        this.purge = new ExpiryPurge(db, clock, "smart_authorization_code", "expires_at", Duration.ofDays(1),
                ExpiryPurge.DEFAULT_INTERVAL);
    }

    /** Stores a new code for {@code grant}; returns the code value for the redirect. */
    public String issue(UserGrant grant, String redirectUri, String codeChallenge) {
        String code = hashing.newToken();
        Instant now = clock.instant();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("grant", grant.toJson());
        data.put("redirect_uri", redirectUri);
        data.put("code_challenge", codeChallenge);
        purge.runIfDue();
        db.update("INSERT INTO smart_authorization_code (code_hash, client_id, family, grant_data, created_at, "
                        + "expires_at) VALUES (?, ?, ?, ?, ?, ?)",
                TokenHashing.hash(code), grant.clientId(), grant.family(), JSONObjectUtils.toJSONString(data),
                now.toEpochMilli(), now.plus(lifetime).toEpochMilli());
        return code;
    }

    /** Marks the code used and returns it; empty when no such code was ever issued (or it was purged). */
    public Optional<StoredCode> redeem(String code) {
        if (code == null || code.isEmpty() || code.length() > 512) {
            return Optional.empty();
        }
        String hash = TokenHashing.hash(code);
        record Row(String data, long expiresAt) {
        }
        Optional<Row> row = db.queryOne("SELECT grant_data, expires_at FROM smart_authorization_code "
                + "WHERE code_hash = ?", r -> new Row(r.getString(1), r.getLong(2)), hash);
        if (row.isEmpty()) {
            return Optional.empty();
        }
        boolean first = db.update("UPDATE smart_authorization_code SET used_at = ? WHERE code_hash = ? "
                + "AND used_at IS NULL", clock.millis(), hash) == 1;
        try {
            Map<String, Object> data = JSONObjectUtils.parse(row.get().data());
            return Optional.of(new StoredCode(UserGrant.fromJson((String) data.get("grant")),
                    (String) data.get("redirect_uri"), (String) data.get("code_challenge"),
                    Instant.ofEpochMilli(row.get().expiresAt()), first));
        } catch (ParseException e) {
            throw new IllegalStateException("Stored authorization code is not JSON", e);
        }
    }
}
