package io.github.hapismart.appstate;

import io.github.hapismart.scope.AccessGrant;
import io.github.hapismart.scope.Scope;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Who may use which App State, as the IG's "Security and Access controls" asks. Two questions, both must be yes:
 *
 * <ol>
 *   <li><b>Is the state code the app's?</b> Its {@code system} must be, or lie under, an origin the app registered
 *       (one of its redirect URIs or its launch URL): the IG's recommended default, under which an app cannot read or
 *       write another developer's state.</li>
 *   <li><b>Do the token's scopes reach the subject?</b> The in-context patient with {@code patient/Basic} scopes,
 *       the user's own record or global state (no subject) with {@code user/Basic} scopes; search and read need
 *       {@code s} (or {@code r}), create, update and delete {@code c}, {@code u}, {@code d}. A scope with a granular
 *       query reaches only the state code it names ({@code patient/Basic.s?code=https://app|keys}). Any other subject
 *       (another patient) is refused.</li>
 * </ol>
 */
final class AppStateAccess {

    /** What a request does with state. */
    enum Action {
        READ(Scope.Permission.S, Scope.Permission.R), CREATE(Scope.Permission.C), UPDATE(Scope.Permission.U),
        DELETE(Scope.Permission.D);

        private final Set<Scope.Permission> permissions;

        Action(Scope.Permission... permissions) {
            this.permissions = Set.of(permissions);
        }
    }

    private final String fhirBase;

    AppStateAccess(String fhirBase) {
        this.fhirBase = fhirBase;
    }

    /** Empty when allowed; otherwise why not, for the OperationOutcome. */
    Optional<String> refusal(AccessGrant grant, List<URI> appOrigins, String codeSystem, String code,
                             Optional<String> subject, Action action) {
        if (appOrigins.stream().noneMatch(origin -> ownsSystem(origin, codeSystem))) {
            return Optional.of("The state code system " + codeSystem + " is not under an origin this app registered");
        }
        Optional<Scope.Context> context = contextOf(grant, subject);
        if (context.isEmpty()) {
            return Optional.of("The subject is neither the token's patient nor its user");
        }
        String token = codeSystem + "|" + code;
        boolean granted = grant.scopes().resourceScopes().stream()
                .filter(s -> s.context() == context.get())
                .filter(s -> s.isWildcard() || s.resourceType().equals("Basic"))
                .filter(s -> action.permissions.stream().anyMatch(s::allows))
                .anyMatch(s -> !s.hasQuery() || (s.query().keySet().equals(Set.of("code"))
                        && s.query().get("code").stream().anyMatch(v -> List.of(v.split(",")).contains(token))));
        return granted ? Optional.empty() : Optional.of("The token's scopes do not allow "
                + action.name().toLowerCase(java.util.Locale.ROOT) + " of this state ("
                + context.get().prefix() + "/Basic)");
    }

    /** The scope context a subject is reached through, if the token reaches it at all. */
    private Optional<Scope.Context> contextOf(AccessGrant grant, Optional<String> subject) {
        if (subject.isEmpty()) {
            return Optional.of(Scope.Context.USER);
        }
        if (grant.patient().map(p -> (fhirBase + "/Patient/" + p).equals(subject.get())).orElse(false)) {
            return Optional.of(Scope.Context.PATIENT);
        }
        if (grant.fhirUser().map(u -> (fhirBase + "/" + u).equals(subject.get())).orElse(false)) {
            return Optional.of(Scope.Context.USER);
        }
        return Optional.empty();
    }

    /** {@code https://app.example.org} owns {@code https://app.example.org} and {@code https://app.example.org/x}. */
    static boolean ownsSystem(URI origin, String codeSystem) {
        String prefix = origin.getScheme() + "://" + origin.getRawAuthority();
        return codeSystem.equals(prefix) || codeSystem.startsWith(prefix + "/");
    }
}
