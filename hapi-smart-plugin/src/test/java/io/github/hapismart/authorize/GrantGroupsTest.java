package io.github.hapismart.authorize;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.hapismart.token.GrantRecords.ActiveGrant;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The management page's grouping of grants by app, without a server. */
class GrantGroupsTest {

    private static final Instant T = Instant.parse("2026-12-01T10:00:00Z");
    private static final Map<String, String> APPS = Map.of("growth", "Growth Chart", "meds", "Med Reconciler");
    private static final Map<String, String> PATIENTS = Map.of("1009", "Amy Shaw (born 1987-02-20)");

    private static ActiveGrant grant(String family, String client, String patient, Duration age) {
        return new ActiveGrant(family, client, "launch/patient patient/*.rs", Optional.ofNullable(patient),
                T.minus(age), Optional.empty(), Optional.empty());
    }

    private static List<GrantGroups.App> group(ActiveGrant... newestFirst) {
        return GrantGroups.of(List.of(newestFirst), APPS::get, id -> PATIENTS.getOrDefault(id, "Patient/" + id));
    }

    @Test
    void grantsOfOneAppAreOneGroupWithOneLinePerGrant() {
        List<GrantGroups.App> apps = group(grant("f3", "growth", "1009", Duration.ofMinutes(1)),
                grant("f2", "growth", "1009", Duration.ofMinutes(2)),
                grant("f1", "growth", "1009", Duration.ofMinutes(3)));
        assertEquals(1, apps.size());
        assertEquals(List.of("f3", "f2", "f1"), apps.get(0).grants().stream().map(GrantGroups.Line::id).toList());
    }

    @Test
    void appsComeInTheOrderOfTheirNewestGrant() {
        List<GrantGroups.App> apps = group(grant("m2", "meds", null, Duration.ofMinutes(1)),
                grant("g1", "growth", "1009", Duration.ofMinutes(2)),
                grant("m1", "meds", null, Duration.ofMinutes(3)));
        assertEquals(List.of("Med Reconciler", "Growth Chart"), apps.stream().map(GrantGroups.App::name).toList());
        assertEquals(List.of("m2", "m1"), apps.get(0).grants().stream().map(GrantGroups.Line::id).toList());
    }

    @Test
    void thePatientIsShownByNameNotById() {
        GrantGroups.Line line = group(grant("f1", "growth", "1009", Duration.ZERO)).get(0).grants().get(0);
        assertEquals("Amy Shaw (born 1987-02-20)", line.patient());
    }

    @Test
    void aGrantWithoutPatientHasAnEmptyPatientColumn() {
        GrantGroups.Line line = group(grant("f1", "meds", null, Duration.ZERO)).get(0).grants().get(0);
        assertEquals("", line.patient());
    }

    @Test
    void theModelCarriesTheClientIdForRevokeAllAndTheCount() {
        Map<String, Object> model = GrantGroups.toModel(group(grant("f2", "growth", "1009", Duration.ZERO),
                grant("f1", "growth", "1009", Duration.ofMinutes(1))).get(0));
        assertEquals(List.of("growth", "Growth Chart", 2),
                List.of(model.get("clientId"), model.get("name"), model.get("count")));
    }
}
