package io.github.hapismart.token;

import io.github.hapismart.client.RegisteredClient;
import io.github.hapismart.web.OAuthError;
import java.time.Clock;
import java.util.Map;

/**
 * The {@code authorization_code} grant. A code is redeemed once, by the client it was issued to, with the same
 * {@code redirect_uri} and a {@code code_verifier} that hashes to its PKCE challenge. A second use fails with
 * {@code invalid_grant} and revokes everything the first use issued (the whole grant family). The response carries
 * a refresh token when {@code offline_access} or {@code online_access} was granted, and an id_token for
 * {@code openid}.
 */
public final class AuthorizationCodeGrant implements GrantHandler {

    private final AuthorizationCodes codes;
    private final UserTokenResponses responses;
    private final RefreshTokens refreshTokens;
    private final IdTokenIssuer idTokens;
    private final GrantRevocation revocation;
    private final Clock clock;

    public AuthorizationCodeGrant(AuthorizationCodes codes, UserTokenResponses responses, RefreshTokens refreshTokens,
                                  IdTokenIssuer idTokens, GrantRevocation revocation, Clock clock) {
        this.codes = codes;
        this.responses = responses;
        this.refreshTokens = refreshTokens;
        this.idTokens = idTokens;
        this.revocation = revocation;
        this.clock = clock;
    }

    @Override
    public String grantType() {
        return RegisteredClient.AUTHORIZATION_CODE;
    }

    @Override
    public Map<String, Object> handle(RegisteredClient client, Map<String, String> form) {
        String code = form.get("code");
        if (code == null || code.isEmpty()) {
            throw OAuthError.invalidRequest("Missing parameter code").exception();
        }
        AuthorizationCodes.StoredCode stored = codes.redeem(code)
                .orElseThrow(() -> OAuthError.invalidGrant("Unknown authorization code").exception());
        if (!stored.firstUse()) {
            revocation.revokeFamily(stored.grant().family(), GrantRevocation.Cause.CODE_REUSE);
            throw OAuthError.invalidGrant("The authorization code was already used; the tokens issued for it are "
                    + "revoked").exception();
        }
        if (!stored.grant().clientId().equals(client.clientId())) {
            throw OAuthError.invalidGrant("The authorization code was issued to another client").exception();
        }
        if (!stored.expiresAt().isAfter(clock.instant())) {
            throw OAuthError.invalidGrant("The authorization code has expired").exception();
        }
        if (!stored.redirectUri().equals(form.get("redirect_uri"))) {
            throw OAuthError.invalidGrant("redirect_uri does not match the authorization request").exception();
        }
        if (!Pkce.matches(form.get("code_verifier"), stored.codeChallenge())) {
            throw OAuthError.invalidGrant("code_verifier is missing or does not match the code_challenge")
                    .exception();
        }
        UserGrant grant = stored.grant();
        Map<String, Object> body = responses.accessTokenResponse(grant);
        if (RefreshTokens.wanted(grant) && client.allowsGrant(RegisteredClient.REFRESH_TOKEN)) {
            body.put("refresh_token", refreshTokens.issue(grant));
        }
        if (grant.scopes().contains("openid")) {
            body.put("id_token", idTokens.issue(grant));
        }
        return body;
    }
}
