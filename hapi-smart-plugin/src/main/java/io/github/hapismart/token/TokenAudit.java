package io.github.hapismart.token;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.github.hapismart.audit.AuditKind;
import io.github.hapismart.audit.AuditRecord;
import io.github.hapismart.audit.AuditSink;
import io.github.hapismart.client.RegisteredClient;
import java.text.ParseException;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;

/**
 * What the token endpoint tells the audit trail: each access token issued (client, user, patient, scopes, grant
 * type and the token's {@code jti}, read back from the token just signed; never the token) and each request refused
 * with its OAuth error. An authorization-code exchange is a {@code token-issued} event with grant type
 * {@code authorization_code}; a refresh is {@code token-refreshed}.
 */
public final class TokenAudit {

    private final AuditSink sink;
    private final Clock clock;

    public TokenAudit(AuditSink sink, Clock clock) {
        this.sink = Objects.requireNonNull(sink, "sink");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    void issued(String clientId, String grantType, Map<String, Object> body, String address) {
        AuditRecord.Builder record = AuditRecord.of(kindOf(grantType), true, clock.instant())
                .client(clientId).network(address).request("grant_type=" + grantType)
                .detail("grant_type", grantType);
        if (body.get("access_token") instanceof String token) {
            try {
                JWTClaimsSet claims = SignedJWT.parse(token).getJWTClaimsSet();
                record.tokenId(claims.getJWTID()).user(claims.getSubject())
                        .fhirUser(claims.getStringClaim("fhirUser")).patient(claims.getStringClaim("patient"))
                        .scopes(claims.getStringClaim("scope"));
                if (claims.getExpirationTime() != null) {
                    record.detail("expires", claims.getExpirationTime().toInstant().toString());
                }
            } catch (ParseException e) {
                record.reason("the issued access token could not be read back: " + e.getMessage());
            }
        }
        record.detail("refresh_token", body.containsKey("refresh_token") ? "issued" : null);
        record.detail("id_token", body.containsKey("id_token") ? "issued" : null);
        sink.record(record.build());
    }

    void refused(String clientId, String grantType, String why, String address) {
        sink.record(AuditRecord.of(kindOf(grantType), false, clock.instant()).client(clientId).network(address)
                .request("grant_type=" + grantType).detail("grant_type", grantType).reason(why).build());
    }

    private static AuditKind kindOf(String grantType) {
        return RegisteredClient.REFRESH_TOKEN.equals(grantType) ? AuditKind.TOKEN_REFRESHED : AuditKind.TOKEN_ISSUED;
    }
}
