package io.github.hapismart.hapi;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import io.github.hapismart.audit.AuditStore;
import java.util.Objects;
import org.hl7.fhir.r4.model.AuditEvent;

/**
 * Stores the audit trail in the FHIR server itself, through HAPI JPA's {@code AuditEvent} DAO, so that AuditEvents
 * are searchable with FHIR search and exportable with {@code $export} by an auditor. Each write is a system request
 * ({@link SystemRequestDetails}) straight to the DAO: it never passes the {@code RestfulServer}, so neither the
 * plugin's enforcement nor its audit hooks see it (no token path, and no audit event about an audit event). One of
 * the classes touching the optional {@code hapi-fhir-storage} dependency.
 */
public final class JpaAuditStore implements AuditStore {

    private final DaoRegistry daos;

    public JpaAuditStore(DaoRegistry daos) {
        this.daos = Objects.requireNonNull(daos, "daos");
    }

    @Override
    public void store(AuditEvent event) {
        daos.getResourceDao(AuditEvent.class).create(event, new SystemRequestDetails());
    }
}
