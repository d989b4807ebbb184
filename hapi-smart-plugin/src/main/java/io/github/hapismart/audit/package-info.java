/**
 * The audit trail: every authorization event as a FHIR R4 {@code AuditEvent} shaped after IHE Basic Audit Log
 * Patterns (BALP). The one seam is {@link io.github.hapismart.audit.AuditSink}: the endpoints and the enforcement
 * hooks hand it an {@link io.github.hapismart.audit.AuditRecord} (what happened, to whom, through which client and
 * token id, never the token itself); {@link io.github.hapismart.audit.AuditTrail} queues it (bounded, never blocking
 * the caller), turns it into an {@code AuditEvent} ({@link io.github.hapismart.audit.BalpAuditEvents}) on its own
 * writer thread and hands that to an {@link io.github.hapismart.audit.AuditStore} (on HAPI JPA: the FHIR server
 * itself, {@code hapi.JpaAuditStore}). See docs/audit.md for every event and its profile.
 *
 * <p>Depends on the JDK, SLF4J and HAPI's R4 model classes ({@code org.hl7.fhir.r4.model}) only; never on
 * {@code ca.uhn.fhir} or on another package of the plugin, so that every package may record events.
 */
package io.github.hapismart.audit;
