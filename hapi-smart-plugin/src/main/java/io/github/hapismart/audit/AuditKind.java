package io.github.hapismart.audit;

/**
 * The events of the audit trail. Each names its code in {@link #CODE_SYSTEM} (every AuditEvent carries it as its
 * first {@code subtype}, so {@code AuditEvent?subtype=urn:hapismart:audit-event|token-issued} finds them) and the
 * AuditEvent action. docs/audit.md lists the BALP profile each follows.
 */
public enum AuditKind {
    LOGIN("login", "E"),
    UPSTREAM_LOGIN("upstream-login", "E"),
    CLIENT_AUTHENTICATION("client-authentication", "E"),
    LOGOUT("logout", "E"),
    CONSENT("consent", "E"),
    CODE_ISSUED("code-issued", "E"),
    TOKEN_ISSUED("token-issued", "E"),
    TOKEN_REFRESHED("token-refreshed", "E"),
    TOKEN_REVOKED("token-revoked", "E"),
    INTROSPECTION("introspection", "E"),
    CLIENT_REGISTERED("client-registered", "C"),
    LAUNCH_CREATED("launch-created", "C"),
    EXPORT_STARTED("export-started", "E"),
    EXPORT_DOWNLOADED("export-downloaded", "R"),
    ACCESS_REFUSED("access-refused", "E"),
    PATIENT_READ("patient-read", "R"),
    PATIENT_QUERY("patient-query", "E");

    /** The code system of the plugin's own event codes. */
    public static final String CODE_SYSTEM = "urn:hapismart:audit-event";

    private final String code;
    private final String action;

    AuditKind(String code, String action) {
        this.code = code;
        this.action = action;
    }

    /** The event's code in {@link #CODE_SYSTEM}. */
    public String code() {
        return code;
    }

    /** The AuditEvent.action code (C, R, U, D, E). */
    public String action() {
        return action;
    }
}
