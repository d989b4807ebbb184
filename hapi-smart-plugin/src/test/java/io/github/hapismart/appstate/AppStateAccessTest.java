package io.github.hapismart.appstate;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.hapismart.scope.AccessGrant;
import io.github.hapismart.scope.ScopeSet;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The App State access rules, without a server: whose code, which subject, which scope letters. */
class AppStateAccessTest {

    private static final String BASE = "https://ehr.example/fhir";
    private static final List<URI> APP = List.of(URI.create("https://app.example.org/callback"));
    private final AppStateAccess access = new AppStateAccess(BASE);

    private static AccessGrant grant(String scopes, String patient, String fhirUser) {
        return new AccessGrant("jti", "app", "user", ScopeSet.parse(scopes), Optional.ofNullable(patient),
                Optional.empty(), Optional.ofNullable(fhirUser), Instant.now().plusSeconds(60));
    }

    private boolean allowed(AccessGrant grant, String system, String subject, AppStateAccess.Action action) {
        return access.refusal(grant, APP, system, "keys", Optional.ofNullable(subject), action).isEmpty();
    }

    @Test
    void anAppUsesCodesUnderItsOwnOriginOnly() {
        AccessGrant grant = grant("patient/Basic.cruds", "p1", null);
        assertTrue(allowed(grant, "https://app.example.org", BASE + "/Patient/p1", AppStateAccess.Action.CREATE));
        assertTrue(allowed(grant, "https://app.example.org/state", BASE + "/Patient/p1", AppStateAccess.Action.READ));
        assertFalse(allowed(grant, "https://other.example.org", BASE + "/Patient/p1", AppStateAccess.Action.READ));
        assertFalse(allowed(grant, "https://app.example.org.evil.example", BASE + "/Patient/p1",
                AppStateAccess.Action.READ));
    }

    @Test
    void aPatientTokenReachesItsOwnPatientOnly() {
        AccessGrant grant = grant("patient/Basic.cruds", "p1", null);
        assertFalse(allowed(grant, "https://app.example.org", BASE + "/Patient/p2", AppStateAccess.Action.READ));
        assertFalse(allowed(grant, "https://app.example.org", null, AppStateAccess.Action.READ));
    }

    @Test
    void scopeLettersAndGranularCodesDecideTheAction() {
        AccessGrant readOnly = grant("patient/Basic.s", "p1", null);
        assertTrue(allowed(readOnly, "https://app.example.org", BASE + "/Patient/p1", AppStateAccess.Action.READ));
        assertFalse(allowed(readOnly, "https://app.example.org", BASE + "/Patient/p1",
                AppStateAccess.Action.UPDATE));
        AccessGrant oneCode = grant("patient/Basic.cruds?code=https://app.example.org|other", "p1", null);
        assertFalse(allowed(oneCode, "https://app.example.org", BASE + "/Patient/p1", AppStateAccess.Action.READ));
    }

    @Test
    void userScopesReachTheUsersOwnRecordAndGlobalState() {
        AccessGrant grant = grant("user/Basic.cruds", null, "Practitioner/7");
        assertTrue(allowed(grant, "https://app.example.org", BASE + "/Practitioner/7", AppStateAccess.Action.CREATE));
        assertTrue(allowed(grant, "https://app.example.org", null, AppStateAccess.Action.DELETE));
        assertFalse(allowed(grant, "https://app.example.org", BASE + "/Practitioner/8", AppStateAccess.Action.READ));
    }
}
