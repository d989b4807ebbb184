package io.github.hapismart.store;

import io.github.hapismart.launch.LaunchContext;
import io.github.hapismart.scope.ScopeSet;
import io.github.hapismart.token.UserGrant;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** User grants for store tests: one user authorizing one app, in a family of its own. */
final class Grants {

    private Grants() {
    }

    /** A grant of {@code scopes} by {@code username} to {@code clientId} for patient 1005, in a new family. */
    static UserGrant grant(String clientId, String username, String scopes, Instant authTime) {
        return new UserGrant(clientId, username, Optional.of("Practitioner/1001"), Optional.of("Dr Demo"),
                ScopeSet.parse(scopes), LaunchContext.none().withPatient("1005"), UUID.randomUUID().toString(),
                Optional.of("session-hash"), authTime, Optional.empty());
    }

    /** An offline_access grant for the demo app. */
    static UserGrant offline(Instant authTime) {
        return grant("demo-app", "practitioner", "launch/patient openid fhirUser offline_access patient/*.rs",
                authTime);
    }
}
