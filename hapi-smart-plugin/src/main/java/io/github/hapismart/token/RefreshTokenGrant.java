package io.github.hapismart.token;

import io.github.hapismart.client.RegisteredClient;
import io.github.hapismart.scope.ScopeSet;
import io.github.hapismart.user.LoginSessions;
import io.github.hapismart.web.OAuthError;
import java.time.Clock;
import java.util.Map;

/**
 * The {@code refresh_token} grant. The token must belong to the calling client, be neither expired nor revoked,
 * and, for {@code online_access}, its login session must still be live. A {@code scope} parameter may only narrow
 * (a broader one is {@code invalid_scope}). With rotation on, the old token is retired and a new one returned;
 * presenting a retired token again revokes the whole family, as a stolen token is the likely cause. When the
 * refreshed scope includes {@code openid}, the response carries a fresh id_token.
 */
public final class RefreshTokenGrant implements GrantHandler {

    private final RefreshTokens refreshTokens;
    private final UserTokenResponses responses;
    private final GrantRevocation revocation;
    private final LoginSessions sessions;
    private final Clock clock;
    private final boolean rotate;
    private final IdTokenIssuer idTokens;

    public RefreshTokenGrant(RefreshTokens refreshTokens, UserTokenResponses responses, IdTokenIssuer idTokens,
                             GrantRevocation revocation, LoginSessions sessions, Clock clock, boolean rotate) {
        this.idTokens = idTokens;
        this.refreshTokens = refreshTokens;
        this.responses = responses;
        this.revocation = revocation;
        this.sessions = sessions;
        this.clock = clock;
        this.rotate = rotate;
    }

    @Override
    public String grantType() {
        return RegisteredClient.REFRESH_TOKEN;
    }

    @Override
    public Map<String, Object> handle(RegisteredClient client, Map<String, String> form) {
        String value = form.get("refresh_token");
        if (value == null || value.isEmpty()) {
            throw OAuthError.invalidRequest("Missing parameter refresh_token").exception();
        }
        RefreshTokens.StoredRefreshToken stored = refreshTokens.find(value)
                .filter(token -> token.clientId().equals(client.clientId()))
                .orElseThrow(() -> OAuthError.invalidGrant("Unknown refresh token").exception());
        if (stored.revokedAt().isPresent()) {
            throw OAuthError.invalidGrant("The refresh token was revoked").exception();
        }
        if (stored.rotatedAt().isPresent()) {
            revocation.revokeFamily(stored.grant().family(), GrantRevocation.Cause.REFRESH_TOKEN_REUSE);
            throw OAuthError.invalidGrant("The refresh token was already used; its grant is revoked").exception();
        }
        if (!stored.expiresAt().isAfter(clock.instant())) {
            throw OAuthError.invalidGrant("The refresh token has expired").exception();
        }
        if (stored.online() && !sessions.isActive(stored.sessionHash().get())) {
            throw OAuthError.invalidGrant("The online_access refresh token ended with the user's session")
                    .exception();
        }
        UserGrant grant = stored.grant();
        ScopeSet scopes = grant.scopes();
        String requested = form.get("scope");
        if (requested != null && !requested.isBlank()) {
            ScopeSet narrower = ScopeSet.parse(requested);
            if (narrower.isEmpty() || !narrower.isCoveredBy(grant.scopes())
                    || narrower.values().size() != requested.strip().split("\\s+").length) {
                throw OAuthError.invalidScope("A refresh may only ask for the same or a narrower scope").exception();
            }
            scopes = narrower;
        }
        Map<String, Object> body = responses.accessTokenResponse(grant.withScopes(scopes));
        if (scopes.contains("openid")) {
            body.put("id_token", idTokens.issueOnRefresh(grant.withScopes(scopes)));
        }
        if (!rotate) {
            body.put("refresh_token", value);
        } else {
            body.put("refresh_token", refreshTokens.rotate(stored.tokenHash(), grant)
                    .orElseThrow(() -> OAuthError.invalidGrant("The refresh token was already used").exception()));
        }
        return body;
    }
}
