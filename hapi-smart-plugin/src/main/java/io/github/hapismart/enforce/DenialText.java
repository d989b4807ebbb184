package io.github.hapismart.enforce;

import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import io.github.hapismart.scope.AccessGrant;
import io.github.hapismart.scope.Scope;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The words of an explained 403: which scope would have allowed this request. Pure: built from the request's own
 * type, interaction and parameters and the token's own scopes only.
 */
final class DenialText {

    private static final Set<String> CATEGORY_TYPES = Set.of("Observation", "Condition", "DocumentReference",
            "DiagnosticReport");

    private DenialText() {
    }

    static String explain(AccessGrant grant, RestOperationTypeEnum interaction, String type, String operation,
                          Map<String, String[]> parameters) {
        String letter = letter(interaction);
        String what = describe(interaction, type, operation);
        if (letter == null || type == null) {
            return "Refused: " + what + " is not allowed by this token's scopes ("
                    + (grant.scopes().toString().isEmpty() ? "none" : grant.scopes()) + ").";
        }
        Set<String> contexts = new LinkedHashSet<>();
        for (Scope scope : grant.scopes().resourceScopes()) {
            contexts.add(scope.context().prefix());
        }
        if (contexts.isEmpty()) {
            contexts.add(grant.patient().isPresent() ? "patient" : "user");
        }
        List<String> needed = contexts.stream().map(context -> context + "/" + type + "." + letter).toList();
        StringBuilder text = new StringBuilder("Refused: ").append(what).append(" needs ")
                .append(String.join(" or ", needed));
        String[] category = parameters == null ? null : parameters.get("category");
        if (category != null && category.length > 0 && CATEGORY_TYPES.contains(type)) {
            text.append(" or a category scope that covers ").append(String.join(",", Arrays.asList(category)));
        }
        List<String> held = grant.scopes().resourceScopes().stream()
                .filter(scope -> scope.isWildcard() || scope.resourceType().equals(type)).map(Scope::value).toList();
        if (held.isEmpty()) {
            text.append("; the token has no scope for ").append(type).append('.');
        } else {
            text.append("; the token's scopes for ").append(type).append(" (").append(String.join(" ", held))
                    .append(") do not cover this request: patient/ scopes reach only the launch patient's "
                            + "compartment, and a scope with a query only the resources that match it.");
        }
        return text.toString();
    }

    private static String letter(RestOperationTypeEnum interaction) {
        if (interaction == null) {
            return null;
        }
        return switch (interaction) {
            case READ, VREAD -> "r";
            case SEARCH_TYPE, HISTORY_TYPE, HISTORY_INSTANCE -> "s";
            case CREATE -> "c";
            case UPDATE, PATCH -> "u";
            case DELETE -> "d";
            default -> null;
        };
    }

    private static String describe(RestOperationTypeEnum interaction, String type, String operation) {
        String name = interaction == null ? "request" : switch (interaction) {
            case READ, VREAD -> "read";
            case SEARCH_TYPE -> "search";
            case HISTORY_TYPE, HISTORY_INSTANCE -> "history";
            case CREATE -> "create";
            case UPDATE -> "update";
            case PATCH -> "patch";
            case DELETE -> "delete";
            default -> operation != null ? "operation " + operation : interaction.getCode();
        };
        return type == null ? name : name + " of " + type;
    }
}
