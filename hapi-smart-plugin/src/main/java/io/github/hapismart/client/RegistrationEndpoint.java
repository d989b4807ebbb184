package io.github.hapismart.client;

import com.nimbusds.jose.util.JSONObjectUtils;
import io.github.hapismart.config.RegistrationMode;
import io.github.hapismart.config.SmartSettings;
import io.github.hapismart.store.TokenHashing;
import io.github.hapismart.web.AuthChallenge;
import io.github.hapismart.web.JsonResponses;
import io.github.hapismart.web.OAuthEndpoint;
import io.github.hapismart.web.OAuthError;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.text.ParseException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The RFC 7591 dynamic client registration endpoint ({@code POST registration_endpoint}). In
 * {@link RegistrationMode#INITIAL_ACCESS_TOKEN} mode the caller must present a configured bearer token; a missing
 * or unknown one is answered 401 with the RFC 6750 challenge of {@link AuthChallenge#bearer}. The body is JSON, not a
 * form, so only the frame of {@link OAuthEndpoint} is shared with the form endpoints.
 */
public final class RegistrationEndpoint extends OAuthEndpoint {

    private static final int MAX_BODY_BYTES = 256 * 1024;

    private final SmartSettings settings;
    private final ClientRegistrar registrar;

    private final io.github.hapismart.audit.AuditSink audit;
    private final java.time.Clock clock;

    public RegistrationEndpoint(SmartSettings settings, ClientRegistrar registrar) {
        this(settings, registrar, io.github.hapismart.audit.AuditSink.none(), java.time.Clock.systemUTC());
    }

    /** A registration endpoint that records each client registered (id, name, scope, auth method) in {@code audit}. */
    public RegistrationEndpoint(SmartSettings settings, ClientRegistrar registrar,
                                io.github.hapismart.audit.AuditSink audit, java.time.Clock clock) {
        super(AuthChallenge.bearer("register"));
        this.audit = audit;
        this.clock = clock;
        this.settings = settings;
        this.registrar = registrar;
    }

    @Override
    protected void post(HttpServletRequest request, HttpServletResponse response) throws IOException {
        checkAccess(request);
        ClientRegistrar.Registration registration = registrar.register(readJson(request));
        RegisteredClient client = registration.client();
        audit.record(io.github.hapismart.audit.AuditRecord.of(io.github.hapismart.audit.AuditKind.CLIENT_REGISTERED,
                        true, clock.instant()).client(client.clientId()).scopes(client.scope())
                .network(request.getRemoteAddr()).detail("client_name", client.clientName())
                .detail("auth_method", client.authMethod().value()).build());
        JsonResponses.writeNoStore(response, HttpServletResponse.SC_CREATED, describe(registration));
    }

    private void checkAccess(HttpServletRequest request) {
        if (settings.registrationMode() == RegistrationMode.OFF) {
            throw new OAuthError("access_denied", "Dynamic client registration is disabled", 403).exception();
        }
        if (settings.registrationMode() == RegistrationMode.INITIAL_ACCESS_TOKEN) {
            String header = request.getHeader("Authorization");
            String presented = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)
                    ? header.substring(7).strip() : "";
            byte[] presentedHash = TokenHashing.hash(presented).getBytes(StandardCharsets.UTF_8);
            boolean known = settings.initialAccessTokens().stream().anyMatch(token -> MessageDigest.isEqual(
                    TokenHashing.hash(token).getBytes(StandardCharsets.UTF_8), presentedHash));
            if (presented.isEmpty() || !known) {
                throw OAuthError.invalidToken("A valid initial access token is required to register a client")
                        .exception();
            }
        }
    }

    private static Map<String, Object> readJson(HttpServletRequest request) throws IOException {
        byte[] body = request.getInputStream().readNBytes(MAX_BODY_BYTES + 1);
        if (body.length > MAX_BODY_BYTES) {
            throw OAuthError.invalidClientMetadata("The registration request is too large").exception();
        }
        try {
            return JSONObjectUtils.parse(new String(body, StandardCharsets.UTF_8));
        } catch (ParseException e) {
            throw OAuthError.invalidClientMetadata("The request body must be a JSON object").exception();
        }
    }

    private static Map<String, Object> describe(ClientRegistrar.Registration registration) throws IOException {
        RegisteredClient client = registration.client();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("client_id", client.clientId());
        registration.clientSecret().ifPresent(secret -> {
            body.put("client_secret", secret);
            body.put("client_secret_expires_at", 0);
        });
        body.put("client_id_issued_at", client.createdAt().getEpochSecond());
        body.put("client_name", client.clientName());
        body.put("token_endpoint_auth_method", client.authMethod().value());
        body.put("grant_types", client.grantTypes().stream().toList());
        body.put("redirect_uris", client.redirectUris().stream().map(URI::toString).toList());
        body.put("response_types", client.allowsGrant(RegisteredClient.AUTHORIZATION_CODE)
                ? java.util.List.of("code") : java.util.List.of());
        body.put("scope", client.scope());
        client.jwksUri().ifPresent(uri -> body.put("jwks_uri", uri.toString()));
        if (client.jwks().isPresent()) {
            try {
                body.put("jwks", JSONObjectUtils.parse(client.jwks().get()));
            } catch (ParseException e) {
                throw new IOException(e);
            }
        }
        client.initiateLoginUri().ifPresent(uri -> body.put("initiate_login_uri", uri.toString()));
        return body;
    }
}
