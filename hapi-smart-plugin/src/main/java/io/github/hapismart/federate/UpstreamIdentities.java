package io.github.hapismart.federate;

import io.github.hapismart.store.SmartDatabase;
import java.util.Optional;

/**
 * The link table for the {@code table} mapping: which {@code fhirUser} an upstream identity (issuer and
 * {@code sub}) is. Filled by an administrator, through {@link #link} or SQL on {@code smart_upstream_identity};
 * an identity without a row is refused.
 */
public final class UpstreamIdentities {

    private final SmartDatabase db;

    public UpstreamIdentities(SmartDatabase db) {
        this.db = db;
    }

    /** Links (or re-links) the identity {@code subject} at {@code issuer} to {@code fhirUser}, e.g. {@code Practitioner/12}. */
    public synchronized void link(String issuer, String subject, String fhirUser) {
        if (db.update("UPDATE smart_upstream_identity SET fhir_user = ? WHERE issuer = ? AND subject = ?",
                fhirUser, issuer, subject) == 0) {
            db.update("INSERT INTO smart_upstream_identity (issuer, subject, fhir_user) VALUES (?, ?, ?)",
                    issuer, subject, fhirUser);
        }
    }

    /** Removes the link; the identity can no longer sign in. */
    public void unlink(String issuer, String subject) {
        db.update("DELETE FROM smart_upstream_identity WHERE issuer = ? AND subject = ?", issuer, subject);
    }

    /** The fhirUser linked to this identity. */
    public Optional<String> find(String issuer, String subject) {
        return db.queryOne("SELECT fhir_user FROM smart_upstream_identity WHERE issuer = ? AND subject = ?",
                row -> row.getString(1), issuer, subject);
    }
}
