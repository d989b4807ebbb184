package io.github.hapismart.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.hapismart.SmartAuthorizationServer;
import io.github.hapismart.store.TokenHashing;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * EHR launch over HTTP: the launch-context API (authenticated as the sample EHR's confidential client), the
 * context in the token response, and each refusal of a launch value (unknown, expired, reused, another client's).
 */
@ExtendWith(SharedServer.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EhrLaunchTest {

    static final String EHR_BASIC = "Basic " + Base64.getEncoder()
            .encodeToString("demo-ehr:demo-ehr-secret".getBytes(StandardCharsets.UTF_8));
    private static final String SCOPE = "launch openid fhirUser patient/*.rs";
    private final Http http = new Http();
    private SampleServerFixture server;
    private SmartApp app;
    private String patientId;

    @BeforeAll
    void register(SampleServerFixture server) {
        this.server = server;
        this.app = SmartApp.registerPublic(http, server, SCOPE + " launch/encounter");
        SmartAuthorizationServer auth = server.server().application().plugin().authorizationServer();
        this.patientId = auth.users().findByUsername("patient").orElseThrow().fhirUserId();
    }

    /** Creates a launch context for {@code clientId} through the API; returns the response. */
    static Http.Response createLaunch(Http http, ServerAddress server, Map<String, String> form,
                                      String... auth) {
        return http.postForm(server.rootUrl() + "/auth/launch", SmartApp.form(form),
                auth.length == 0 ? new String[] {"Authorization", EHR_BASIC} : auth);
    }

    private String launch(String clientId) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("app_client_id", clientId);
        form.put("patient", patientId);
        form.put("encounter", "enc-1");
        form.put("fhir_context", "DocumentReference/doc-1 Observation/obs-2");
        form.put("intent", "reconcile-medications");
        form.put("need_patient_banner", "false");
        form.put("smart_style_url", server.rootUrl() + "/ehr/style.json");
        Http.Response response = createLaunch(http, server, form);
        assertEquals(201, response.status(), response.body());
        return response.json().path("launch").asText();
    }

    private String authorizeWithLaunch(String launch, SmartApp.Attempt attempt) {
        Map<String, String> params = app.authorizeParams(SCOPE, attempt);
        params.put("launch", launch);
        return new PageSession(server).authorize(app.authorizeUrl(params), "practitioner", "demo-practitioner",
                null, checked -> checked);
    }

    @Test
    void launchContextArrivesWithTheAccessToken() {
        SmartApp.Attempt attempt = SmartApp.attempt();
        String location = authorizeWithLaunch(launch(app.clientId()), attempt);
        Http.Response response = app.exchange(PageSession.param(location, "code"), attempt.verifier());
        assertEquals(200, response.status(), response.body());
        JsonNode body = response.json();
        assertEquals(SCOPE, body.path("scope").asText());
        assertEquals(patientId, body.path("patient").asText());
        assertEquals("enc-1", body.path("encounter").asText());
        assertEquals("DocumentReference/doc-1", body.path("fhirContext").get(0).path("reference").asText());
        assertEquals("Observation/obs-2", body.path("fhirContext").get(1).path("reference").asText());
        assertEquals("reconcile-medications", body.path("intent").asText());
        assertFalse(body.path("need_patient_banner").asBoolean(true));
        assertEquals(server.rootUrl() + "/ehr/style.json", body.path("smart_style_url").asText());
        assertTrue(body.has("id_token"));
    }

    @Test
    void introspectionOfALaunchTokenReportsEveryLaunchContextParameterOfTheTokenResponse() throws Exception {
        SmartApp.Attempt attempt = SmartApp.attempt();
        String location = authorizeWithLaunch(launch(app.clientId()), attempt);
        JsonNode tokens = app.exchange(PageSession.param(location, "code"), attempt.verifier()).json();
        SmartApp resourceServer = SmartApp.registerConfidential(http, server, "openid");
        JsonNode claims = resourceServer.introspect(tokens.path("access_token").asText()).json();
        assertTrue(claims.path("active").asBoolean(), claims.toString());
        for (String name : new String[] {"patient", "encounter", "fhirContext", "intent", "need_patient_banner",
                "smart_style_url"}) {
            assertEquals(tokens.path(name), claims.path(name), name + " in " + claims);
        }
        String idTokenFhirUser = com.nimbusds.jwt.SignedJWT.parse(tokens.path("id_token").asText())
                .getJWTClaimsSet().getStringClaim("fhirUser");
        assertTrue(idTokenFhirUser.startsWith(server.fhirBase() + "/Practitioner/"), idTokenFhirUser);
        assertEquals(idTokenFhirUser, claims.path("fhirUser").asText());
    }

    @Test
    void introspectionOfAStandaloneTokenHasNoLaunchContextItWasNotGiven() {
        SmartApp.Attempt attempt = SmartApp.attempt();
        String location = new PageSession(server).authorize(app.authorizeUrl(
                app.authorizeParams("openid fhirUser", attempt)), "practitioner", "demo-practitioner",
                null, checked -> checked);
        JsonNode tokens = app.exchange(PageSession.param(location, "code"), attempt.verifier()).json();
        JsonNode claims = SmartApp.registerConfidential(http, server, "openid")
                .introspect(tokens.path("access_token").asText()).json();
        assertTrue(claims.path("active").asBoolean(), claims.toString());
        for (String name : new String[] {"patient", "encounter", "fhirContext", "intent", "need_patient_banner",
                "smart_style_url"}) {
            assertFalse(claims.has(name), name + " in " + claims);
        }
    }

    private static final String FHIR_CONTEXT_22 = """
            [{"reference":"List/123","role":"https://example.org/med-list-at-home"},\
            {"canonical":"http://example.org/Questionnaire/phq9|1.0","type":"Questionnaire"},\
            {"identifier":{"system":"urn:oid:2.16.840.1.113883.3.1","value":"order-7"},"type":"ServiceRequest",\
            "role":"https://example.org/order"},\
            {"reference":"Patient/other-9","role":"https://example.org/sibling"}]""";

    @Test
    void everyFhirContextFormOf22ArrivesExactlyInTheTokenResponseAndIntrospection() throws Exception {
        Http.Response created = createLaunch(http, server, Map.of("app_client_id", app.clientId(),
                "patient", patientId, "fhir_context", FHIR_CONTEXT_22));
        assertEquals(201, created.status(), created.body());
        SmartApp.Attempt attempt = SmartApp.attempt();
        String location = authorizeWithLaunch(created.json().path("launch").asText(), attempt);
        JsonNode tokens = app.exchange(PageSession.param(location, "code"), attempt.verifier()).json();
        JsonNode expected = new com.fasterxml.jackson.databind.ObjectMapper().readTree(FHIR_CONTEXT_22);
        assertEquals(expected, tokens.path("fhirContext"), tokens.toString());
        JsonNode claims = SmartApp.registerConfidential(http, server, "openid")
                .introspect(tokens.path("access_token").asText()).json();
        assertEquals(expected, claims.path("fhirContext"), claims.toString());
    }

    @Test
    void theApiRefusesAFhirContextItemWithoutReferenceCanonicalOrIdentifier() {
        Http.Response response = createLaunch(http, server, Map.of("app_client_id", app.clientId(),
                "fhir_context", "[{\"reference\":\"List/1\"},{\"type\":\"Questionnaire\",\"role\":\"launch\"}]"));
        assertEquals(400, response.status(), response.body());
        assertEquals("invalid_request", response.json().path("error").asText());
        assertEquals("fhir_context[1]: each fhirContext item needs at least one of reference, canonical or "
                + "identifier", response.json().path("error_description").asText());
    }

    @Test
    void theApiRefusesPatientInFhirContextWithoutAnotherRole() {
        Http.Response response = createLaunch(http, server, Map.of("app_client_id", app.clientId(),
                "fhir_context", "[{\"reference\":\"Patient/1\"}]"));
        assertEquals(400, response.status(), response.body());
        assertTrue(response.json().path("error_description").asText().contains("role other than launch"),
                response.body());
    }

    @Test
    void theApiRefusesAnEmptyRoleAndARelativeCanonical() {
        for (String item : new String[] {"[{\"reference\":\"List/1\",\"role\":\"\"}]",
                "[{\"canonical\":\"Questionnaire/q1\"}]"}) {
            Http.Response response = createLaunch(http, server, Map.of("app_client_id", app.clientId(),
                    "fhir_context", item));
            assertEquals(400, response.status(), item + " " + response.body());
            assertEquals("invalid_request", response.json().path("error").asText());
        }
    }

    @Test
    void theApiAnswersWithTheLaunchUrlOfTheApp() {
        Http.Response response = createLaunch(http, server, Map.of("app_client_id", "demo-app", "patient",
                patientId));
        assertEquals(201, response.status(), response.body());
        assertEquals("no-store", response.header("Cache-Control"));
        assertEquals(server.fhirBase(), response.json().path("iss").asText());
        assertTrue(response.json().path("launch_url").asText().contains("/demo-app/launch.html?iss="));
        assertEquals(300, response.json().path("expires_in").asInt());
    }

    @Test
    void launchValueIsStoredOnlyAsItsHash() {
        String launch = launch(app.clientId());
        var db = server.server().application().plugin().authorizationServer().database();
        assertEquals(0, db.query("SELECT client_id FROM smart_launch_context WHERE launch_hash = ?",
                row -> row.getString(1), launch).size());
        assertEquals(1, db.query("SELECT client_id FROM smart_launch_context WHERE launch_hash = ?",
                row -> row.getString(1), TokenHashing.hash(launch)).size());
    }

    @Test
    void theApiRefusesCallersWithoutCredentials() {
        Http.Response response = http.postForm(server.rootUrl() + "/auth/launch",
                SmartApp.form(Map.of("app_client_id", app.clientId())));
        assertEquals(401, response.status(), response.body());
        assertEquals("invalid_client", response.json().path("error").asText());
    }

    @Test
    void theApiRefusesConfidentialClientsThatAreNotEhrs() {
        SmartApp other = SmartApp.registerConfidential(http, server, "openid");
        Http.Response response = http.postForm(server.rootUrl() + "/auth/launch",
                SmartApp.form(Map.of("app_client_id", app.clientId())), "Authorization", other.basic());
        assertEquals(403, response.status(), response.body());
        assertEquals("unauthorized_client", response.json().path("error").asText());
    }

    @Test
    void theApiRejectsMalformedContext() {
        Http.Response response = createLaunch(http, server, Map.of("app_client_id", app.clientId(),
                "fhir_context", "not a reference"));
        assertEquals(400, response.status(), response.body());
        assertEquals("invalid_request", response.json().path("error").asText());
    }

    private void assertLaunchRefused(String launch) {
        SmartApp.Attempt attempt = SmartApp.attempt();
        Map<String, String> params = app.authorizeParams(SCOPE, attempt);
        params.put("launch", launch);
        PageSession.Page page = new PageSession(server).get(app.authorizeUrl(params));
        assertEquals(302, page.status(), page.body());
        assertTrue(page.location().startsWith(app.redirectUri()), page.location());
        assertEquals("invalid_request", PageSession.param(page.location(), "error"));
        assertEquals(attempt.state(), PageSession.param(page.location(), "state"));
    }

    @Test
    void unknownLaunchIsRefused() {
        assertLaunchRefused("no-such-launch");
    }

    @Test
    void reusedLaunchIsRefused() {
        String launch = launch(app.clientId());
        String location = authorizeWithLaunch(launch, SmartApp.attempt());
        assertTrue(location.contains("code="), location);
        assertLaunchRefused(launch);
    }

    @Test
    void anotherClientsLaunchIsRefused() {
        assertLaunchRefused(launch("demo-app"));
    }

    @Test
    void expiredLaunchIsRefused() {
        String launch = launch(app.clientId());
        server.server().application().plugin().authorizationServer().database().update(
                "UPDATE smart_launch_context SET expires_at = ? WHERE launch_hash = ?",
                System.currentTimeMillis() - 1000, TokenHashing.hash(launch));
        assertLaunchRefused(launch);
    }
}
