package io.github.hapismart.boot;

import io.github.hapismart.audit.AuditSettings;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The {@code smart.audit.*} properties (docs/audit.md): whether patient-data reads and searches are audited too
 * (default false) and how many events may wait for the audit writer (default 10,000).
 */
@ConfigurationProperties("smart.audit")
public record SmartAuditProperties(@DefaultValue("false") boolean patientDataAccess,
                                   @DefaultValue("10000") int queueCapacity) {

    /** These properties as the plugin's settings. */
    public AuditSettings settings() {
        return new AuditSettings(patientDataAccess, queueCapacity);
    }
}
