package io.github.hapismart.authorize;

import io.github.hapismart.token.GrantRecords.ActiveGrant;
import io.github.hapismart.token.GrantRecords.PastGrant;
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

    /**
     * One grant as one line of its app's group; {@code patient} is empty for a grant without a patient;
     * {@code lastUsed} is when a token was last issued or refreshed from it or presented to the FHIR API.
     */
    record Line(String id, String scope, String patient, String granted, String until, String lastUsed) {
    }

    /** One ended grant in the access history: when it was granted, last used, and revoked (or that it expired). */
    record Past(String clientId, String app, String scope, String patient, String granted, String lastUsed,
                String ended) {
    }

    /** What the page says for a grant whose tokens were never used. */
    static final String NEVER_USED = "not used";

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
                    grant.refreshExpiresAt().map(DATE::format).orElse("end of the current access token"),
                    grant.lastUsedAt().map(DATE::format).orElse(NEVER_USED)));
        }
        List<App> apps = new ArrayList<>();
        byClient.forEach((clientId, lines) -> apps.add(new App(clientId, appName.apply(clientId), lines)));
        return apps;
    }

    /** The access history: ended grants, newest first, each named by its app and patient like the active ones. */
    static List<Past> history(List<PastGrant> grants, Function<String, String> appName,
                              Function<String, String> patientLabel) {
        return grants.stream().map(grant -> new Past(grant.clientId(), appName.apply(grant.clientId()),
                grant.scope(), grant.patient().map(patientLabel).orElse(""), DATE.format(grant.createdAt()),
                grant.lastUsedAt().map(DATE::format).orElse(NEVER_USED),
                grant.revokedAt().map(at -> "revoked " + DATE.format(at)).orElse("expired"))).toList();
    }

    /** An ended grant as the page template reads it. */
    static Map<String, Object> toModel(Past past) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("clientId", past.clientId());
        row.put("app", past.app());
        row.put("scope", past.scope());
        row.put("patient", past.patient());
        row.put("granted", past.granted());
        row.put("lastUsed", past.lastUsed());
        row.put("ended", past.ended());
        return row;
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
            row.put("lastUsed", line.lastUsed());
            return row;
        }).toList());
        return model;
    }
}
