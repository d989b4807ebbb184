package io.github.hapismart.introspect;

import io.github.hapismart.client.ClientAuthenticatedEndpoint;
import io.github.hapismart.client.ClientAuthenticator;
import io.github.hapismart.client.RegisteredClient;
import io.github.hapismart.token.TokenKind;
import io.github.hapismart.web.JsonResponses;
import io.github.hapismart.web.OAuthError;
import io.github.hapismart.web.OAuthForm;
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
public final class IntrospectionEndpoint extends ClientAuthenticatedEndpoint {

    private final List<TokenKind> kinds;

    public IntrospectionEndpoint(ClientAuthenticator authenticator, List<TokenKind> kinds) {
        super("introspect", authenticator, OAuthForm.Source.BODY_OR_QUERY);
        this.kinds = List.copyOf(kinds);
    }

    @Override
    protected void handle(RegisteredClient caller, OAuthForm form, HttpServletResponse response) throws IOException {
        if (caller.isPublic()) {
            throw OAuthError.invalidClient("Only confidential clients may introspect tokens").exception();
        }
        String token = form.required("token");
        Optional<Map<String, Object>> active = kinds.stream().map(kind -> kind.introspect(token))
                .flatMap(Optional::stream).findFirst();
        JsonResponses.writeNoStore(response, HttpServletResponse.SC_OK, active.orElse(Map.of("active", false)));
    }
}
