package io.github.hapismart.authorize;

import io.github.hapismart.scope.Scope;
import io.github.hapismart.scope.ScopeSet;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The consent page's choices and what they grant. Each requested scope is a checkbox, checked by default;
 * resource-level Condition and Observation scopes carry unchecked granular category choices. The launch context
 * ({@code launch/patient}, and {@code launch} in an EHR launch) cannot be unticked. Only offered scopes can be
 * granted, whatever the browser submits.
 */
final class ConsentForm {

    /** One checkbox. */
    record Item(String scope, String label, boolean checked, boolean locked, List<Item> granular) {
    }

    private ConsentForm() {
    }

    /** The checkboxes for a request. */
    static List<Item> items(AuthorizationRequest request) {
        List<Item> items = new ArrayList<>();
        for (String scope : request.scopes().values()) {
            List<Item> granular = new ArrayList<>();
            Scope.parse(scope).map(GranularScopes::offeredFor).orElse(Map.of())
                    .forEach((value, label) -> granular.add(new Item(value, label, false, false, List.of())));
            items.add(new Item(scope, ScopeLabels.label(scope), true, isLocked(scope, request), granular));
        }
        return items;
    }

    /** An item as the template sees it (a map, which the template language reads without reflection). */
    static Map<String, Object> toModel(Item item) {
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("scope", item.scope());
        model.put("label", item.label());
        model.put("checked", item.checked());
        model.put("locked", item.locked());
        model.put("granular", item.granular().stream().map(ConsentForm::toModel).toList());
        return model;
    }

    /** The scopes granted when the user ticked {@code submitted}: offered ones only, plus the locked ones. */
    static ScopeSet granted(AuthorizationRequest request, Collection<String> submitted) {
        Set<String> chosen = new HashSet<>(submitted);
        request.scopes().values().stream().filter(s -> isLocked(s, request)).forEach(chosen::add);
        Map<String, String> offered = new LinkedHashMap<>();
        request.scopes().values().forEach(s -> offered.put(s, s));
        request.scopes().resourceScopes().forEach(s -> GranularScopes.offeredFor(s).keySet()
                .forEach(g -> offered.put(g, g)));
        return ScopeSet.of(offered.keySet()).retain(chosen);
    }

    private static boolean isLocked(String scope, AuthorizationRequest request) {
        return scope.equals("launch/patient") || (scope.equals("launch") && request.ehrLaunch());
    }

    /** The patient shown on the consent page, when one is in context. */
    static Optional<String> patientLabel(Optional<PatientSummary> patient) {
        return patient.map(p -> p.name() + (p.birthDate().isEmpty() ? "" : " (born " + p.birthDate() + ")"));
    }
}
