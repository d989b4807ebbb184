package io.github.hapismart.authorize;

import io.github.hapismart.token.GrantRecords.ActiveGrant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * What the management page lists: a user's active grants grouped by app, so that an app launched ten times is one
 * group of ten lines rather than ten unrelated rows. Apps come in the order of their newest grant, grants newest
 * first inside each; each grant stays one line (its own scopes, patient and dates, and its own revoke button).
 */
final class GrantGroups {

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
            .withZone(ZoneOffset.UTC);

    /** One grant as one line of its app's group; {@code patient} is empty for a grant without a patient. */
    record Line(String id, String scope, String patient, String granted, String until) {
    }

    /** One app and its grants. */
    record App(String clientId, String name, List<Line> grants) {
        App {
            grants = List.copyOf(grants);
        }
    }

    private GrantGroups() {
    }

    /**
     * Groups {@code grants} (newest first, as {@link io.github.hapismart.token.GrantRecords#active} returns them).
     *
     * @param appName      the display name of a client id
     * @param patientLabel how a patient id is shown (the consent page's label: name and birth date)
     */
    static List<App> of(List<ActiveGrant> grants, Function<String, String> appName,
                        Function<String, String> patientLabel) {
        Map<String, List<Line>> byClient = new LinkedHashMap<>();
        for (ActiveGrant grant : grants) {
            byClient.computeIfAbsent(grant.clientId(), id -> new ArrayList<>()).add(new Line(grant.family(),
                    grant.scope(), grant.patient().map(patientLabel).orElse(""), DATE.format(grant.createdAt()),
                    grant.refreshExpiresAt().map(DATE::format).orElse("end of the current access token")));
        }
        List<App> apps = new ArrayList<>();
        byClient.forEach((clientId, lines) -> apps.add(new App(clientId, appName.apply(clientId), lines)));
        return apps;
    }

    /** An app as the page template reads it. */
    static Map<String, Object> toModel(App app) {
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("clientId", app.clientId());
        model.put("name", app.name());
        model.put("count", app.grants().size());
        model.put("grants", app.grants().stream().map(line -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("id", line.id());
            row.put("scope", line.scope());
            row.put("patient", line.patient());
            row.put("granted", line.granted());
            row.put("until", line.until());
            return row;
        }).toList());
        return model;
    }
}
