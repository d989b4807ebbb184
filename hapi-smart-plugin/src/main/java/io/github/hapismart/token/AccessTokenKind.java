package io.github.hapismart.token;

import io.github.hapismart.client.RegisteredClient;
import io.github.hapismart.config.SmartSettings;
import io.github.hapismart.scope.AccessGrant;
import io.github.hapismart.audit.AuditKind;
import io.github.hapismart.audit.AuditRecord;
import io.github.hapismart.audit.AuditSink;
import java.time.Clock;
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
    private final AuditSink audit;
    private final Clock clock;

    public AccessTokenKind(SmartSettings settings, AccessTokenService tokens, RevocationList revocations) {
        this(settings, tokens, revocations, AuditSink.none(), Clock.systemUTC());
    }

    /** Access tokens whose RFC 7009 revocations are recorded in {@code audit}. */
    public AccessTokenKind(SmartSettings settings, AccessTokenService tokens, RevocationList revocations,
                           AuditSink audit, Clock clock) {
        this.settings = settings;
        this.tokens = tokens;
        this.revocations = revocations;
        this.audit = audit;
        this.clock = clock;
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
            AccessGrant revoked = grant.get();
            revocations.revokeToken(revoked.tokenId(), revoked.expiresAt());
            audit.record(AuditRecord.of(AuditKind.TOKEN_REVOKED, true, clock.instant()).client(revoked.clientId())
                    .user(revoked.subject()).fhirUser(revoked.fhirUser().orElse(null))
                    .patient(revoked.patient().orElse(null)).tokenId(revoked.tokenId())
                    .scopes(revoked.scopes().toString())
                    .reason("the client revoked its access token (RFC 7009)").detail("cause", "rfc7009").build());
        }
        return true;
    }
}
