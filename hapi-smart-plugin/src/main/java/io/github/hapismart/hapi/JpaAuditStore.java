package io.github.hapismart.hapi;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.jpa.dao.tx.IHapiTransactionService;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.api.server.storage.TransactionDetails;
import io.github.hapismart.audit.AuditStore;
import java.util.List;
import java.util.Objects;
import org.hl7.fhir.r4.model.AuditEvent;

/**
 * Stores the audit trail in the FHIR server itself, through HAPI JPA's {@code AuditEvent} DAO, so that AuditEvents
 * are searchable with FHIR search and exportable with {@code $export} by an auditor. Each write is a system request
 * ({@link SystemRequestDetails}) straight to the DAO: it never passes the {@code RestfulServer}, so neither the
 * plugin's enforcement nor its audit hooks see it (no token path, and no audit event about an audit event). One of
 * the classes touching the optional {@code hapi-fhir-storage} dependency.
 *
 * <p>Given HAPI's transaction service, it writes up to {@link #DEFAULT_BATCH_SIZE} queued events in one database
 * transaction ({@link #storeAll}: every one or, when it throws, none), each a normal DAO create (indexed, with its
 * history row) as a FHIR transaction Bundle's entries are; without it each event is its own transaction.
 */
public final class JpaAuditStore implements AuditStore {

    /** Events per database transaction. */
    public static final int DEFAULT_BATCH_SIZE = 64;

    private final DaoRegistry daos;
    private final IHapiTransactionService transactions;
    private final int batchSize;

    /** One transaction per event (no transaction service to group them). */
    public JpaAuditStore(DaoRegistry daos) {
        this.daos = Objects.requireNonNull(daos, "daos");
        this.transactions = null;
        this.batchSize = 1;
    }

    /** Up to {@code batchSize} events per transaction of {@code transactions}. */
    public JpaAuditStore(DaoRegistry daos, IHapiTransactionService transactions, int batchSize) {
        this.daos = Objects.requireNonNull(daos, "daos");
        this.transactions = Objects.requireNonNull(transactions, "transactions");
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be at least 1");
        }
        this.batchSize = batchSize;
    }

    /** {@link #DEFAULT_BATCH_SIZE} events per transaction of {@code transactions}. */
    public JpaAuditStore(DaoRegistry daos, IHapiTransactionService transactions) {
        this(daos, transactions, DEFAULT_BATCH_SIZE);
    }

    @Override
    public void store(AuditEvent event) {
        daos.getResourceDao(AuditEvent.class).create(event, new SystemRequestDetails());
    }

    @Override
    public void storeAll(List<AuditEvent> events) {
        if (transactions == null) {
            events.forEach(this::store);
            return;
        }
        IFhirResourceDao<AuditEvent> dao = daos.getResourceDao(AuditEvent.class);
        SystemRequestDetails request = new SystemRequestDetails();
        // One transaction and one TransactionDetails for the batch, as HAPI's own transaction processing does: the
        // creates share the commit (and its disk sync) and the references they resolve (the patient, the user).
        TransactionDetails details = new TransactionDetails();
        transactions.withRequest(request).withTransactionDetails(details).execute(() -> {
            for (AuditEvent event : events) {
                dao.create(event, null, true, request, details);
            }
        });
    }

    @Override
    public int batchSize() {
        return batchSize;
    }
}
