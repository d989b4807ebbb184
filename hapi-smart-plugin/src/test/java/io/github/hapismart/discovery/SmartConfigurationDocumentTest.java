package io.github.hapismart.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class SmartConfigurationDocumentTest {

    @Test
    void passthroughCapabilitiesAreAlsoListedUnderTheirSmart1NamesThatOncG10TestKitChecks() {
        assertEquals(List.of("launch-ehr", "context-passthrough-banner", "context-banner", "context-passthrough-style",
                        "context-style"),
                SmartConfigurationDocument.withLegacyNames(List.of("launch-ehr", "context-passthrough-banner",
                        "context-passthrough-style")));
    }

    @Test
    void capabilitiesWithoutPassthroughAreUnchanged() {
        assertEquals(List.of("client-confidential-asymmetric", "permission-v2"),
                SmartConfigurationDocument.withLegacyNames(List.of("client-confidential-asymmetric",
                        "permission-v2")));
    }
}
