package io.github.hapismart.authorize;

import io.github.hapismart.scope.Scope;
import java.util.Map;

/** Human descriptions of scopes for the consent page. */
final class ScopeLabels {

    private static final Map<String, String> NON_RESOURCE = Map.of(
            "openid", "Confirm your identity to the app (OpenID Connect)",
            "fhirUser", "Tell the app which FHIR record represents you",
            "profile", "Share your name with the app",
            "launch", "Open in the context of the current EHR session",
            "launch/patient", "Use the selected patient as context",
            "launch/encounter", "Use the current encounter as context",
            "offline_access", "Keep access after you log out (offline access)",
            "online_access", "Keep access while you remain logged in");

    private ScopeLabels() {
    }

    static String label(String scope) {
        if (NON_RESOURCE.containsKey(scope)) {
            return NON_RESOURCE.get(scope);
        }
        return Scope.parse(scope).map(ScopeLabels::resourceLabel).orElse(scope);
    }

    private static String resourceLabel(Scope scope) {
        StringBuilder verbs = new StringBuilder();
        appendVerb(verbs, scope, Scope.Permission.R, "read");
        appendVerb(verbs, scope, Scope.Permission.S, "search");
        appendVerb(verbs, scope, Scope.Permission.C, "create");
        appendVerb(verbs, scope, Scope.Permission.U, "update");
        appendVerb(verbs, scope, Scope.Permission.D, "delete");
        String what = scope.isWildcard() ? "all kinds of records" : scope.resourceType() + " records";
        String whose = switch (scope.context()) {
            case PATIENT -> "of the selected patient";
            case USER -> "that you may access";
            case SYSTEM -> "of the whole system";
        };
        String label = Character.toUpperCase(verbs.charAt(0)) + verbs.substring(1) + " " + what + " " + whose;
        return scope.hasQuery() ? label + " (only " + scope.queryString() + ")" : label;
    }

    private static void appendVerb(StringBuilder verbs, Scope scope, Scope.Permission permission, String verb) {
        if (scope.allows(permission)) {
            verbs.append(verbs.isEmpty() ? "" : ", ").append(verb);
        }
    }
}
