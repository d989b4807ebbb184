package io.github.hapismart.token;

import io.github.hapismart.client.ClientAuthMethod;
import io.github.hapismart.client.RegisteredClient;
import io.github.hapismart.config.SmartSettings;
import io.github.hapismart.scope.Scope;
import io.github.hapismart.scope.ScopeSet;
import io.github.hapismart.web.OAuthError;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * SMART Backend Services: the {@code client_credentials} grant for clients that authenticated with
 * {@code private_key_jwt}. Only {@code system/} scopes are granted, narrowed to the client's registration; a request
 * for which nothing remains is {@code invalid_scope}. Tokens live {@link SmartSettings#systemAccessTokenLifetime()}.
 */
public final class ClientCredentialsGrant implements GrantHandler {

    private final SmartSettings settings;
    private final AccessTokenService tokens;

    public ClientCredentialsGrant(SmartSettings settings, AccessTokenService tokens) {
        this.settings = settings;
        this.tokens = tokens;
    }

    @Override
    public String grantType() {
        return RegisteredClient.CLIENT_CREDENTIALS;
    }

    @Override
    public Map<String, Object> handle(RegisteredClient client, Map<String, String> form) {
        if (client.authMethod() != ClientAuthMethod.PRIVATE_KEY_JWT) {
            throw OAuthError.unauthorizedClient("client_credentials requires private_key_jwt authentication")
                    .exception();
        }
        String requested = form.get("scope");
        if (requested == null || requested.isBlank()) {
            throw OAuthError.invalidScope("scope is required, e.g. system/Patient.rs").exception();
        }
        ScopeSet systemOnly = ScopeSet.of(ScopeSet.parse(requested).resourceScopes().stream()
                .filter(scope -> scope.context() == Scope.Context.SYSTEM).map(Scope::value).toList());
        ScopeSet granted = systemOnly.narrowTo(ScopeSet.parse(client.scope()));
        if (granted.resourceScopes().isEmpty()) {
            throw OAuthError.invalidScope("None of the requested scopes is a system/ scope this client may receive")
                    .exception();
        }
        AccessTokenService.IssuedToken token = tokens.issue(new AccessTokenService.TokenRequest(client.clientId(),
                client.clientId(), granted, Optional.empty(), Optional.empty(), Optional.empty(),
                settings.systemAccessTokenLifetime(), Optional.empty()));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("access_token", token.value());
        body.put("token_type", "Bearer");
        body.put("expires_in", settings.systemAccessTokenLifetime().toSeconds());
        body.put("scope", granted.toString());
        return body;
    }

}
