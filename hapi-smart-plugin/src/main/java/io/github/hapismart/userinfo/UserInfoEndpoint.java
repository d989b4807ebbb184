package io.github.hapismart.userinfo;

import io.github.hapismart.config.SmartSettings;
import io.github.hapismart.scope.AccessGrant;
import io.github.hapismart.token.AccessTokenService;
import io.github.hapismart.token.FhirUserUrl;
import io.github.hapismart.user.UserAccount;
import io.github.hapismart.user.UserRepository;
import io.github.hapismart.web.AuthChallenge;
import io.github.hapismart.web.JsonResponses;
import io.github.hapismart.web.OAuthError;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * OpenID Connect Core 1.0 section 5.3, {@code GET} or {@code POST /auth/userinfo}: with a bearer access token (RFC
 * 6750, in the {@code Authorization} header only) that was granted {@code openid}, answers {@code sub} (the same as
 * the id_token's), {@code fhirUser} (the absolute URL, when {@code fhirUser} was granted) and {@code name} (when
 * {@code profile} was granted). Without a token, or with one that is invalid, expired or revoked, it answers 401 with
 * a {@code Bearer} challenge; a valid token without {@code openid} (a backend token, say) gets 403
 * {@code insufficient_scope}.
 */
public final class UserInfoEndpoint extends HttpServlet {

    private static final String REALM = "userinfo";

    private final SmartSettings settings;
    private final AccessTokenService tokens;
    private final UserRepository users;
    private final AuthChallenge challenge = AuthChallenge.bearer(REALM);

    public UserInfoEndpoint(SmartSettings settings, AccessTokenService tokens, UserRepository users) {
        this.settings = settings;
        this.tokens = tokens;
        this.users = users;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        switch (request.getMethod()) {
            case "GET", "POST" -> answer(request, response);
            case "OPTIONS" -> {
                response.setHeader("Allow", "GET, POST, OPTIONS");
                response.setStatus(HttpServletResponse.SC_NO_CONTENT);
            }
            default -> {
                response.setHeader("Allow", "GET, POST, OPTIONS");
                JsonResponses.writeError(response, new OAuthError("invalid_request", "Use GET or POST", 405));
            }
        }
    }

    private void answer(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Optional<AccessGrant> grant = bearerToken(request).flatMap(tokens::verify);
        if (grant.isEmpty()) {
            response.setHeader("WWW-Authenticate", challenge.header(request));
            JsonResponses.writeError(response, bearerToken(request).isPresent()
                    ? OAuthError.invalidToken("The access token is invalid, expired or revoked")
                    : new OAuthError("invalid_request", "A bearer access token is required", 401));
            return;
        }
        if (!grant.get().scopes().contains("openid")) {
            response.setHeader("WWW-Authenticate", AuthChallenge.insufficientScope(REALM, "openid"));
            JsonResponses.writeError(response, new OAuthError("insufficient_scope",
                    "The access token was not granted the openid scope", 403));
            return;
        }
        JsonResponses.writeNoStore(response, HttpServletResponse.SC_OK, claims(grant.get()));
    }

    private Map<String, Object> claims(AccessGrant grant) {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("sub", grant.subject());
        if (grant.scopes().contains("fhirUser")) {
            grant.fhirUser().ifPresent(user -> claims.put("fhirUser", FhirUserUrl.of(settings, user)));
        }
        if (grant.scopes().contains("profile")) {
            users.findByUsername(grant.subject()).map(UserAccount::displayName)
                    .ifPresent(name -> claims.put("name", name));
        }
        return claims;
    }

    /** The token of an {@code Authorization: Bearer} header; tokens in the query or body are not accepted. */
    private static Optional<String> bearerToken(HttpServletRequest request) {
        String header = request.getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.empty();
        }
        String token = header.substring(7).strip();
        return token.isEmpty() ? Optional.empty() : Optional.of(token);
    }
}
