package io.github.hapismart.revoke;

import io.github.hapismart.client.ClientAuthenticatedEndpoint;
import io.github.hapismart.client.ClientAuthenticator;
import io.github.hapismart.client.RegisteredClient;
import io.github.hapismart.token.TokenKind;
import io.github.hapismart.web.OAuthForm;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;

/**
 * RFC 7009 token revocation for access and refresh tokens. The client authenticates as at the token endpoint
 * (public clients by {@code client_id}) and can only revoke its own tokens. The answer is 200 whether or not the
 * token was known, as the RFC requires.
 */
public final class RevocationEndpoint extends ClientAuthenticatedEndpoint {

    private final List<TokenKind> kinds;

    public RevocationEndpoint(ClientAuthenticator authenticator, List<TokenKind> kinds) {
        super("revoke", authenticator, OAuthForm.Source.BODY_OR_QUERY);
        this.kinds = List.copyOf(kinds);
    }

    @Override
    protected void handle(RegisteredClient client, OAuthForm form, HttpServletResponse response) {
        String token = form.required("token");
        for (TokenKind kind : kinds) {
            if (kind.revoke(token, client)) {
                break;
            }
        }
        response.setHeader("Cache-Control", "no-store");
        response.setStatus(HttpServletResponse.SC_OK);
    }
}
