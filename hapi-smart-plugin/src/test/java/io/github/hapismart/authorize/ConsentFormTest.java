package io.github.hapismart.authorize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.hapismart.launch.LaunchContext;
import io.github.hapismart.scope.ScopeSet;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What the consent page offers and what a submission grants, without a server. */
class ConsentFormTest {

    private static final String LABS = "patient/Observation.rs?category="
            + "http://terminology.hl7.org/CodeSystem/observation-category|laboratory";
    private static final String PROBLEMS = "patient/Condition.rs?category="
            + "http://terminology.hl7.org/CodeSystem/condition-category|problem-list-item";

    private static AuthorizationRequest request(String scope, boolean ehrLaunch) {
        return new AuthorizationRequest("app", "App", "https://app/cb", Optional.empty(), ScopeSet.parse(scope),
                "x".repeat(43), Optional.empty(), LaunchContext.none(), ehrLaunch);
    }

    @Test
    void everyRequestedScopeIsCheckedAndGranularChoicesAreUnchecked() {
        List<ConsentForm.Item> items = ConsentForm.items(request("openid patient/Observation.read", false));
        assertEquals(2, items.size());
        assertTrue(items.get(0).checked() && items.get(1).checked());
        assertEquals(6, items.get(1).granular().size());
        assertTrue(items.get(1).granular().stream().noneMatch(ConsentForm.Item::checked));
        assertEquals(LABS, items.get(1).granular().get(1).scope(), "v1 .read is offered as v2 .rs");
        assertTrue(items.get(0).granular().isEmpty());
    }

    @Test
    void uncheckingTheResourceScopeAndTickingCategoriesGrantsExactlyThoseCategories() {
        AuthorizationRequest request = request("launch/patient patient/Condition.rs patient/Observation.rs", false);
        ScopeSet granted = ConsentForm.granted(request, List.of(PROBLEMS, LABS));
        assertEquals("launch/patient " + PROBLEMS + " " + LABS, granted.toString());
    }

    @Test
    void theLaunchContextCannotBeUncheckedAndUnofferedScopesCannotBeAdded() {
        AuthorizationRequest request = request("launch launch/patient openid patient/Patient.rs", true);
        ScopeSet granted = ConsentForm.granted(request, List.of("openid", "user/*.cruds", "system/*.rs"));
        assertEquals("launch launch/patient openid", granted.toString());
        assertFalse(ConsentForm.granted(request("launch patient/Patient.rs", false), List.of()).contains("launch"),
                "launch is only locked in an EHR launch");
    }

    @Test
    void categoriesAreOnlyOfferedForResourceLevelConditionAndObservationScopes() {
        List<ConsentForm.Item> items = ConsentForm.items(request("patient/*.rs patient/Patient.rs " + LABS, false));
        assertTrue(items.stream().allMatch(item -> item.granular().isEmpty()));
    }
}
