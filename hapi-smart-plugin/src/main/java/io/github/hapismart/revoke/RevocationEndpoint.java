package io.github.hapismart.revoke;

import io.github.hapismart.client.ClientAuthenticator;
import io.github.hapismart.client.RegisteredClient;
import io.github.hapismart.token.TokenKind;
import io.github.hapismart.web.FormParameters;
import io.github.hapismart.web.JsonResponses;
import io.github.hapismart.web.OAuthError;
import io.github.hapismart.web.OAuthException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * RFC 7009 token revocation for access and refresh tokens. The client authenticates as at the token endpoint
 * (public clients by {@code client_id}) and can only revoke its own tokens. The answer is 200 whether or not the
 * token was known, as the RFC requires.
 */
public final class RevocationEndpoint extends HttpServlet {

    private final ClientAuthenticator authenticator;
    private final List<TokenKind> kinds;

    public RevocationEndpoint(ClientAuthenticator authenticator, List<TokenKind> kinds) {
        this.authenticator = authenticator;
        this.kinds = List.copyOf(kinds);
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        try {
            if (!FormParameters.isForm(request)) {
                throw OAuthError.invalidRequest("The request must be application/x-www-form-urlencoded").exception();
            }
            Map<String, String> form = FormParameters.single(request);
            RegisteredClient client = authenticator.authenticate(request.getHeader("Authorization"), form);
            String token = form.get("token");
            if (token == null || token.isEmpty()) {
                throw OAuthError.invalidRequest("Missing parameter token").exception();
            }
            for (TokenKind kind : kinds) {
                if (kind.revoke(token, client)) {
                    break;
                }
            }
            response.setHeader("Cache-Control", "no-store");
            response.setStatus(HttpServletResponse.SC_OK);
        } catch (OAuthException e) {
            if (e.error().httpStatus() == HttpServletResponse.SC_UNAUTHORIZED) {
                response.setHeader("WWW-Authenticate", "Basic realm=\"revoke\"");
            }
            JsonResponses.writeError(response, e.error());
        }
    }
}
