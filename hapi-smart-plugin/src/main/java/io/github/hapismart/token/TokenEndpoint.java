package io.github.hapismart.token;

import io.github.hapismart.client.ClientAuthenticatedEndpoint;
import io.github.hapismart.client.ClientAuthenticator;
import io.github.hapismart.client.RegisteredClient;
import io.github.hapismart.web.JsonResponses;
import io.github.hapismart.web.OAuthError;
import io.github.hapismart.web.OAuthForm;
import io.github.hapismart.web.OAuthException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The OAuth token endpoint: checks that the client may use the requested grant type and hands the request to that
 * grant's {@link GrantHandler}. Parameters only in the body; the shared prologue ({@link ClientAuthenticatedEndpoint})
 * reads them, authenticates the client and renders errors.
 */
public final class TokenEndpoint extends ClientAuthenticatedEndpoint {

    private final Map<String, GrantHandler> handlers;
    private final TokenAudit audit;

    public TokenEndpoint(ClientAuthenticator authenticator, List<GrantHandler> handlers) {
        this(authenticator, handlers, new TokenAudit(io.github.hapismart.audit.AuditSink.none(),
                java.time.Clock.systemUTC()));
    }

    /** A token endpoint that records every token issued or refused in {@code audit}. */
    public TokenEndpoint(ClientAuthenticator authenticator, List<GrantHandler> handlers, TokenAudit audit) {
        super("token", authenticator, OAuthForm.Source.BODY);
        this.handlers = handlers.stream().collect(Collectors.toUnmodifiableMap(GrantHandler::grantType,
                Function.identity()));
        this.audit = audit;
    }

    @Override
    protected void checkBeforeAuthentication(OAuthForm form) {
        String grantType = form.required("grant_type");
        if (!handlers.containsKey(grantType)) {
            throw OAuthError.unsupportedGrantType("grant_type " + grantType + " is not supported").exception();
        }
    }

    @Override
    protected void handle(RegisteredClient client, OAuthForm form, HttpServletResponse response) {
        throw new UnsupportedOperationException("the token endpoint needs the request");
    }

    @Override
    protected void handle(RegisteredClient client, OAuthForm form, HttpServletRequest request,
                          HttpServletResponse response) throws IOException {
        String grantType = form.get("grant_type");
        Map<String, Object> body;
        try {
            if (!client.allowsGrant(grantType)) {
                throw OAuthError.unauthorizedClient("This client is not registered for " + grantType).exception();
            }
            body = handlers.get(grantType).handle(client, form.values());
        } catch (OAuthException e) {
            audit.refused(client.clientId(), grantType, e.error().description(), request.getRemoteAddr());
            throw e;
        }
        audit.issued(client.clientId(), grantType, body, request.getRemoteAddr());
        JsonResponses.writeNoStore(response, HttpServletResponse.SC_OK, body);
    }
}
