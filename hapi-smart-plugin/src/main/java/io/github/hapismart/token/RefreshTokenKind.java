package io.github.hapismart.token;

import io.github.hapismart.client.RegisteredClient;
import io.github.hapismart.config.SmartSettings;
import io.github.hapismart.user.LoginSessions;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Refresh tokens as introspection and revocation see them. A live one introspects as active with its scope,
 * client and expiry; revoking one revokes its whole family, so the access tokens issued from it stop working too.
 */
public final class RefreshTokenKind implements TokenKind {

    private final SmartSettings settings;
    private final RefreshTokens refreshTokens;
    private final GrantRevocation revocation;
    private final LoginSessions sessions;
    private final Clock clock;

    public RefreshTokenKind(SmartSettings settings, RefreshTokens refreshTokens, GrantRevocation revocation,
                            LoginSessions sessions, Clock clock) {
        this.settings = settings;
        this.refreshTokens = refreshTokens;
        this.revocation = revocation;
        this.sessions = sessions;
        this.clock = clock;
    }

    @Override
    public Optional<Map<String, Object>> introspect(String token) {
        return refreshTokens.find(token).filter(this::live).map(stored -> {
            Map<String, Object> claims = new LinkedHashMap<>();
            claims.put("active", true);
            claims.put("scope", stored.grant().scopes().toString());
            claims.put("client_id", stored.clientId());
            claims.put("sub", stored.grant().username());
            claims.put("iss", settings.fhirBaseUrl());
            claims.put("exp", stored.expiresAt().getEpochSecond());
            claims.put("token_type", "refresh_token");
            claims.putAll(stored.grant().context().tokenResponseFields());
            stored.grant().fhirUser().ifPresent(u -> claims.put("fhirUser", FhirUserUrl.of(settings, u)));
            return claims;
        });
    }

    @Override
    public boolean revoke(String token, RegisteredClient client) {
        Optional<RefreshTokens.StoredRefreshToken> stored = refreshTokens.find(token);
        if (stored.isEmpty()) {
            return false;
        }
        if (stored.get().clientId().equals(client.clientId())) {
            revocation.revokeFamily(stored.get().grant().family(), GrantRevocation.Cause.RFC7009);
        }
        return true;
    }

    private boolean live(RefreshTokens.StoredRefreshToken stored) {
        return stored.revokedAt().isEmpty() && stored.rotatedAt().isEmpty()
                && stored.expiresAt().isAfter(clock.instant())
                && (!stored.online() || sessions.isActive(stored.sessionHash().get()));
    }
}
