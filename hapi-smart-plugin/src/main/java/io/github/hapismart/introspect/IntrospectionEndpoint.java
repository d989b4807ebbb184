package io.github.hapismart.introspect;

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
import java.util.Optional;

/**
 * RFC 7662 token introspection with SMART's claims ({@code patient}, {@code encounter}, {@code fhirUser}). The caller
 * must be a confidential client (client secret or private_key_jwt); public clients are refused. Revoked, expired,
 * malformed and foreign tokens all answer {@code {"active": false}}.
 */
public final class IntrospectionEndpoint extends HttpServlet {

    private final ClientAuthenticator authenticator;
    private final List<TokenKind> kinds;

    public IntrospectionEndpoint(ClientAuthenticator authenticator, List<TokenKind> kinds) {
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
            RegisteredClient caller = authenticator.authenticate(request.getHeader("Authorization"), form);
            if (caller.isPublic()) {
                throw OAuthError.invalidClient("Only confidential clients may introspect tokens").exception();
            }
            String token = form.get("token");
            if (token == null || token.isEmpty()) {
                throw OAuthError.invalidRequest("Missing parameter token").exception();
            }
            Optional<Map<String, Object>> active = kinds.stream().map(kind -> kind.introspect(token))
                    .flatMap(Optional::stream).findFirst();
            JsonResponses.writeNoStore(response, HttpServletResponse.SC_OK,
                    active.orElse(Map.of("active", false)));
        } catch (OAuthException e) {
            if (e.error().httpStatus() == HttpServletResponse.SC_UNAUTHORIZED) {
                response.setHeader("WWW-Authenticate", "Basic realm=\"introspect\"");
            }
            JsonResponses.writeError(response, e.error());
        }
    }
}
