package io.github.hapismart.token;

import java.time.Clock;
import java.time.Duration;

/**
 * Ends a whole grant family: its record, its refresh tokens at once, and its access tokens through the {@link RevocationList}
 * (kept there until the longest-lived of them would have expired anyway).
 */
public final class GrantRevocation {

    private final RefreshTokens refreshTokens;
    private final GrantRecords grants;
    private final RevocationList revocations;
    private final Clock clock;
    private final Duration accessTokenLifetime;

    public GrantRevocation(RefreshTokens refreshTokens, GrantRecords grants, RevocationList revocations, Clock clock,
                           Duration accessTokenLifetime) {
        this.refreshTokens = refreshTokens;
        this.grants = grants;
        this.revocations = revocations;
        this.clock = clock;
        this.accessTokenLifetime = accessTokenLifetime;
    }

    /** Revokes every refresh and access token of the family. */
    public void revokeFamily(String family) {
        refreshTokens.revokeFamily(family);
        grants.markRevoked(family);
        revocations.revokeFamily(family, clock.instant().plus(accessTokenLifetime).plus(Duration.ofMinutes(1)));
    }
}
