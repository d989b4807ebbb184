package io.github.hapismart.token;

import io.github.hapismart.client.RegisteredClient;
import io.github.hapismart.config.SmartSettings;
import io.github.hapismart.scope.AccessGrant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Access tokens (signed JWTs) for introspection and revocation. An active token introspects with every launch
 * context parameter its token response had ({@code patient}, {@code encounter}, {@code fhirContext},
 * {@code intent}, {@code need_patient_banner}, {@code smart_style_url}) and {@code fhirUser} as the absolute URL
 * the id_token carries.
 */
public final class AccessTokenKind implements TokenKind {

    private final SmartSettings settings;
    private final AccessTokenService tokens;
    private final RevocationList revocations;

    public AccessTokenKind(SmartSettings settings, AccessTokenService tokens, RevocationList revocations) {
        this.settings = settings;
        this.tokens = tokens;
        this.revocations = revocations;
    }

    @Override
    public Optional<Map<String, Object>> introspect(String token) {
        return tokens.verify(token).map(grant -> {
            Map<String, Object> claims = new LinkedHashMap<>();
            claims.put("active", true);
            claims.put("scope", grant.scopes().toString());
            claims.put("client_id", grant.clientId());
            claims.put("sub", grant.subject());
            claims.put("iss", settings.fhirBaseUrl());
            claims.put("aud", settings.fhirBaseUrl());
            claims.put("exp", grant.expiresAt().getEpochSecond());
            tokens.issuedAt(token).ifPresent(iat -> claims.put("iat", iat.getEpochSecond()));
            claims.put("token_type", "Bearer");
            grant.patient().ifPresent(p -> claims.put("patient", p));
            grant.encounter().ifPresent(e -> claims.put("encounter", e));
            grant.fhirUser().ifPresent(u -> claims.put("fhirUser", FhirUserUrl.of(settings, u)));
            // The rest of the launch context that the token response carried (fhirContext, intent, ...).
            claims.putAll(tokens.launchClaims(token));
            return claims;
        });
    }

    @Override
    public boolean revoke(String token, RegisteredClient client) {
        Optional<AccessGrant> grant = tokens.verify(token);
        if (grant.isEmpty()) {
            return false;
        }
        if (grant.get().clientId().equals(client.clientId())) {
            revocations.revokeToken(grant.get().tokenId(), grant.get().expiresAt());
        }
        return true;
    }
}
