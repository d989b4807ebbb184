package io.github.hapismart.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/** The management endpoint: a user sees the apps holding access and revokes one, which the FHIR API honours. */
@ExtendWith(SharedServer.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ManagementEndpointTest {

    private static final String SCOPE = "launch/patient openid offline_access patient/Patient.rs";
    private final Http http = new Http();
    private SampleServerFixture server;
    private SmartApp app;

    @BeforeAll
    void register(SampleServerFixture server) {
        this.server = server;
        this.app = SmartApp.registerConfidential(http, server, SCOPE);
    }

    private static String csrf(String html) {
        return html.replaceAll("(?s).*name=\"csrf\" value=\"([^\"]+)\".*", "$1");
    }

    @Test
    void discoveryAdvertisesTheManagementEndpoint() {
        JsonNode doc = http.get(server.fhirBase() + "/.well-known/smart-configuration").json();
        assertEquals(server.rootUrl() + "/auth/manage", doc.path("management_endpoint").asText());
    }

    @Test
    void userSeesTheAppAndRevokingEndsItsTokens() {
        PageSession browser = new PageSession(server);
        SmartApp.Attempt attempt = SmartApp.attempt();
        String location = browser.authorize(app.authorizeUrl(app.authorizeParams(SCOPE, attempt)), "patient",
                "demo-patient", null, checked -> checked);
        JsonNode tokens = app.exchange(PageSession.param(location, "code"), attempt.verifier()).json();
        String access = tokens.path("access_token").asText();
        String patient = tokens.path("patient").asText();

        PageSession.Page page = browser.get("/auth/manage");
        assertEquals(200, page.status());
        assertEquals("DENY", page.headers().firstValue("X-Frame-Options").orElse(null));
        assertTrue(page.body().contains("Test app") && page.body().contains(SCOPE), page.body());
        String grant = page.body().replaceAll("(?s).*name=\"grant\" value=\"([^\"]+)\".*", "$1");

        PageSession.Page revoked = browser.post("/auth/manage", Map.of("action", "revoke", "grant", grant,
                "csrf", csrf(page.body())));
        assertEquals(303, revoked.status());
        assertFalse(browser.get("/auth/manage").body().contains("value=\"" + grant + "\""));
        assertFalse(app.introspect(access).json().path("active").asBoolean());
        assertFalse(app.introspect(tokens.path("refresh_token").asText()).json().path("active").asBoolean());
        Http.Response api = http.get(server.fhirBase() + "/Patient/" + patient, "Authorization", "Bearer " + access,
                "Accept", "application/fhir+json");
        assertEquals(401, api.status());
    }

    @Test
    void revokeWithoutTheCsrfTokenDoesNothing() {
        PageSession browser = new PageSession(server);
        SmartApp.Attempt attempt = SmartApp.attempt();
        String location = browser.authorize(app.authorizeUrl(app.authorizeParams(SCOPE, attempt)), "patient",
                "demo-patient", null, checked -> checked);
        JsonNode tokens = app.exchange(PageSession.param(location, "code"), attempt.verifier()).json();
        String body = browser.get("/auth/manage").body();
        String grant = body.replaceAll("(?s).*name=\"grant\" value=\"([^\"]+)\".*", "$1");
        browser.post("/auth/manage", Map.of("action", "revoke", "grant", grant, "csrf", "forged"));
        assertTrue(app.introspect(tokens.path("access_token").asText()).json().path("active").asBoolean());
    }

    @Test
    void revokeAllWithoutTheCsrfTokenDoesNothing() {
        SmartApp own = SmartApp.registerConfidential(http, server, SCOPE);
        PageSession browser = new PageSession(server);
        SmartApp.Attempt attempt = SmartApp.attempt();
        String location = browser.authorize(own.authorizeUrl(own.authorizeParams(SCOPE, attempt)), "patient",
                "demo-patient", null, checked -> checked);
        JsonNode tokens = own.exchange(PageSession.param(location, "code"), attempt.verifier()).json();
        PageSession.Page page = browser.post("/auth/manage", Map.of("action", "revoke-app",
                "client", own.clientId(), "csrf", "forged"));
        assertEquals(303, page.status());
        assertTrue(own.introspect(tokens.path("access_token").asText()).json().path("active").asBoolean());
        assertTrue(browser.get("/auth/manage").body().contains("data-client=\"" + own.clientId() + "\""));
    }

    @Test
    void revokeAllReachesOnlyTheSignedInUsersOwnGrants() {
        SmartApp shared = SmartApp.registerConfidential(http, server, SCOPE);
        SmartApp.Attempt attempt = SmartApp.attempt();
        String location = new PageSession(server).authorize(shared.authorizeUrl(shared.authorizeParams(SCOPE,
                attempt)), "patient", "demo-patient", null, checked -> checked);
        JsonNode patientsTokens = shared.exchange(PageSession.param(location, "code"), attempt.verifier()).json();

        PageSession practitioner = new PageSession(server);
        PageSession.Page form = practitioner.get("/auth/manage");
        assertEquals(303, practitioner.post("/auth/manage", Map.of("action", "login", "csrf", csrf(form.body()),
                "username", "practitioner", "password", "demo-practitioner")).status());
        String csrf = csrf(practitioner.get("/auth/manage").body());
        PageSession.Page revoked = practitioner.post("/auth/manage", Map.of("action", "revoke-app",
                "client", shared.clientId(), "csrf", csrf));
        assertEquals(303, revoked.status());
        assertTrue(shared.introspect(patientsTokens.path("access_token").asText()).json().path("active")
                .asBoolean(), "another user's grant to the same app is left alone");
        assertTrue(shared.introspect(patientsTokens.path("refresh_token").asText()).json().path("active")
                .asBoolean());
    }

    @Test
    void anonymousVisitorGetsALoginFormAndCanSignIn() {
        PageSession browser = new PageSession(server);
        PageSession.Page page = browser.get("/auth/manage");
        assertTrue(page.body().contains("name=\"password\""));
        PageSession.Page login = browser.post("/auth/manage", Map.of("action", "login", "csrf", csrf(page.body()),
                "username", "practitioner", "password", "demo-practitioner"));
        assertEquals(303, login.status(), login.body());
        assertTrue(browser.get("/auth/manage").body().contains("Signed in as"));
    }

    @Test
    void theAccessHistoryShowsOnlyTheSignedInUsersOwnEndedGrants() {
        SmartApp app = SmartApp.registerConfidential(http, server, SCOPE);
        SmartApp.Attempt attempt = SmartApp.attempt();
        PageSession patient = new PageSession(server);
        String location = patient.authorize(app.authorizeUrl(app.authorizeParams(SCOPE, attempt)), "patient",
                "demo-patient", null, checked -> checked);
        assertEquals(200, app.exchange(PageSession.param(location, "code"), attempt.verifier()).status());
        String csrf = csrf(patient.get("/auth/manage").body());
        assertEquals(303, patient.post("/auth/manage", Map.of("action", "revoke-app", "client", app.clientId(),
                "csrf", csrf)).status());
        String own = patient.get("/auth/manage").body();
        // Revoked, so no longer an active group: the app's only place on the page is the history table.
        assertTrue(own.contains("id=\"history\"") && own.contains("data-client=\"" + app.clientId() + "\""), own);
        assertTrue(own.contains("revoked "), own);

        PageSession practitioner = new PageSession(server);
        PageSession.Page form = practitioner.get("/auth/manage");
        assertEquals(303, practitioner.post("/auth/manage", Map.of("action", "login", "csrf", csrf(form.body()),
                "username", "practitioner", "password", "demo-practitioner")).status());
        String others = practitioner.get("/auth/manage").body();
        assertTrue(others.contains("Signed in as"), others);
        assertFalse(others.contains(app.clientId()), "another user's grant is neither active nor history here");
    }
}
