package io.github.hapismart.authorize;

import io.github.hapismart.audit.AuditKind;
import io.github.hapismart.audit.AuditRecord;
import io.github.hapismart.audit.AuditSink;
import io.github.hapismart.scope.ScopeSet;
import io.github.hapismart.token.UserGrant;
import java.time.Clock;

/**
 * What the consent step tells the audit trail: a consent approved (with the scopes granted and those asked for but
 * not granted) followed by the authorization code issued for it (the grant family, never the code), or a consent
 * denied.
 */
final class ConsentAudit {

    private final AuditSink sink;
    private final Clock clock;

    ConsentAudit(AuditSink sink, Clock clock) {
        this.sink = sink;
        this.clock = clock;
    }

    void approved(UserGrant grant, ScopeSet requested, String address) {
        String refused = String.join(" ", requested.values().stream()
                .filter(scope -> !grant.scopes().contains(scope)).toList());
        sink.record(AuditRecord.of(AuditKind.CONSENT, true, clock.instant()).client(grant.clientId())
                .user(grant.username()).fhirUser(grant.fhirUser().orElse(null))
                .patient(grant.context().patient().orElse(null)).scopes(grant.scopes().toString())
                .refusedScopes(refused).network(address).detail("family", grant.family()).build());
        sink.record(AuditRecord.of(AuditKind.CODE_ISSUED, true, clock.instant()).client(grant.clientId())
                .user(grant.username()).fhirUser(grant.fhirUser().orElse(null))
                .patient(grant.context().patient().orElse(null)).scopes(grant.scopes().toString())
                .network(address).detail("family", grant.family()).build());
    }

    void denied(String clientId, String username, String patient, ScopeSet requested, String address) {
        sink.record(AuditRecord.of(AuditKind.CONSENT, false, clock.instant()).client(clientId).user(username)
                .patient(patient).refusedScopes(requested.toString()).network(address)
                .reason("the user denied access").build());
    }
}
