package io.github.hapismart.token;

import io.github.hapismart.audit.AuditKind;
import io.github.hapismart.audit.AuditRecord;
import io.github.hapismart.audit.AuditSink;
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
    private final AuditSink audit;

    /** Why a family is revoked, as the audit trail records it. */
    public enum Cause {
        MANAGEMENT_PAGE("the user revoked the app's access on the management page"),
        RFC7009("the client revoked its refresh token (RFC 7009)"),
        CODE_REUSE("the authorization code was presented a second time"),
        REFRESH_TOKEN_REUSE("a rotated refresh token was presented again");

        private final String text;

        Cause(String text) {
            this.text = text;
        }

        public String text() {
            return text;
        }
    }

    public GrantRevocation(RefreshTokens refreshTokens, GrantRecords grants, RevocationList revocations, Clock clock,
                           Duration accessTokenLifetime) {
        this(refreshTokens, grants, revocations, clock, accessTokenLifetime, AuditSink.none());
    }

    public GrantRevocation(RefreshTokens refreshTokens, GrantRecords grants, RevocationList revocations, Clock clock,
                           Duration accessTokenLifetime, AuditSink audit) {
        this.refreshTokens = refreshTokens;
        this.grants = grants;
        this.revocations = revocations;
        this.clock = clock;
        this.accessTokenLifetime = accessTokenLifetime;
        this.audit = audit;
    }

    /** Revokes every refresh and access token of the family, at the user's request (the management page). */
    public void revokeFamily(String family) {
        revokeFamily(family, Cause.MANAGEMENT_PAGE);
    }

    /** Revokes every refresh and access token of the family, for {@code cause}. */
    public void revokeFamily(String family, Cause cause) {
        refreshTokens.revokeFamily(family);
        grants.markRevoked(family);
        revocations.revokeFamily(family, clock.instant().plus(accessTokenLifetime).plus(Duration.ofMinutes(1)));
        AuditRecord.Builder record = AuditRecord.of(AuditKind.TOKEN_REVOKED, true, clock.instant())
                .reason(cause.text()).detail("family", family).detail("cause", cause.name().toLowerCase());
        grants.find(family).ifPresent(grant -> record.client(grant.clientId()).user(grant.username())
                .patient(grant.patient().orElse(null)).scopes(grant.scope()));
        audit.record(record.build());
    }
}
