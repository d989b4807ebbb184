package io.github.hapismart.audit;

/**
 * How much is audited and how much may wait to be written.
 *
 * @param patientDataAccess whether successful reads and searches of patient data are recorded too (BALP
 *                          {@code PatientRead}/{@code PatientQuery}, one event per patient in the response); off by
 *                          default for speed. Refusals, and every authorization-server event, are always recorded.
 * @param queueCapacity     how many events may wait for the writer (default 10,000); when full, new events are
 *                          dropped, logged and counted ({@link AuditTrail#dropped()}), never waited for
 */
public record AuditSettings(boolean patientDataAccess, int queueCapacity) {

    /** Refusals and authorization events only; a queue of 10,000. */
    public static final AuditSettings DEFAULTS = new AuditSettings(false, 10_000);

    public AuditSettings {
        if (queueCapacity < 1) {
            throw new IllegalArgumentException("queueCapacity must be at least 1");
        }
    }

    /** These settings with patient-data access auditing on or off. */
    public AuditSettings withPatientDataAccess(boolean on) {
        return new AuditSettings(on, queueCapacity);
    }
}
