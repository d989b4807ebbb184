package io.github.hapismart.introspect;

import io.github.hapismart.client.ClientAuthenticatedEndpoint;
import io.github.hapismart.client.ClientAuthenticator;
import io.github.hapismart.client.RegisteredClient;
import io.github.hapismart.token.TokenKind;
import io.github.hapismart.web.JsonResponses;
import io.github.hapismart.web.OAuthError;
import io.github.hapismart.web.OAuthForm;
import io.github.hapismart.audit.AuditKind;
import io.github.hapismart.audit.AuditRecord;
import io.github.hapismart.audit.AuditSink;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
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
    private final AuditSink audit;
    private final Clock clock;

    public IntrospectionEndpoint(ClientAuthenticator authenticator, List<TokenKind> kinds) {
        this(authenticator, kinds, AuditSink.none(), Clock.systemUTC());
    }

    /** An introspection endpoint that records each introspection (caller, token's client, user, active) in {@code audit}. */
    public IntrospectionEndpoint(ClientAuthenticator authenticator, List<TokenKind> kinds, AuditSink audit,
                                 Clock clock) {
        super("introspect", authenticator, OAuthForm.Source.BODY_OR_QUERY);
        this.kinds = List.copyOf(kinds);
        this.audit = audit;
        this.clock = clock;
    }

    @Override
    protected void handle(RegisteredClient caller, OAuthForm form, HttpServletResponse response) {
        throw new UnsupportedOperationException("introspection needs the request");
    }

    @Override
    protected void handle(RegisteredClient caller, OAuthForm form, HttpServletRequest request,
                          HttpServletResponse response) throws IOException {
        if (caller.isPublic()) {
            throw OAuthError.invalidClient("Only confidential clients may introspect tokens").exception();
        }
        String token = form.required("token");
        Optional<Map<String, Object>> active = kinds.stream().map(kind -> kind.introspect(token))
                .flatMap(Optional::stream).findFirst();
        Map<String, Object> claims = active.orElse(Map.of());
        // The caller is the resource server asking; the token's own client and user are details of the event.
        audit.record(AuditRecord.of(AuditKind.INTROSPECTION, true, clock.instant()).client(caller.clientId())
                .network(request.getRemoteAddr()).patient(text(claims.get("patient")))
                .scopes(text(claims.get("scope"))).detail("active", String.valueOf(active.isPresent()))
                .detail("token_client_id", text(claims.get("client_id"))).detail("token_sub", text(claims.get("sub")))
                .detail("token_type", text(claims.get("token_type"))).build());
        JsonResponses.writeNoStore(response, HttpServletResponse.SC_OK, active.orElse(Map.of("active", false)));
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }
}
