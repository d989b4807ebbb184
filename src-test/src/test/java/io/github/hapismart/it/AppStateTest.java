package io.github.hapismart.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * SMART App State on the sample server (where it is on): discovery, create, search, read, versioned update and
 * delete with If-Match, the size limit and the resource rules, and the access rules: an app cannot read or write
 * another app's state codes, and a patient's token cannot reach another patient's state.
 */
@ExtendWith(SharedServer.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AppStateTest {

    private static final String SCOPE = "launch/patient openid fhirUser patient/Basic.cruds";
    private final Http http = new Http();
    private SampleServerFixture server;
    private String endpoint;
    private SmartApp appA;
    private SmartApp appB;
    private String tokenA;
    private String tokenB;
    private String patientSubject;

    @BeforeAll
    void setUp(SampleServerFixture server) {
        this.server = server;
        JsonNode associated = http.get(server.fhirBase() + "/.well-known/smart-configuration").json()
                .path("associated_endpoints").get(0);
        assertEquals("smart-app-state", associated.path("capabilities").get(0).asText());
        endpoint = associated.path("url").asText();
        appA = SmartApp.registerPublic(http, server, SCOPE + " user/Basic.cruds");
        appB = SmartApp.registerPublic(http, server, SCOPE);
        tokenA = patientToken(appA, SCOPE);
        tokenB = patientToken(appB, SCOPE);
        patientSubject = server.fhirBase() + "/Patient/" + server.server().application().plugin()
                .authorizationServer().users().findByUsername("patient").orElseThrow().fhirUserId();
    }

    private String patientToken(SmartApp app, String scope) {
        SmartApp.Attempt attempt = SmartApp.attempt();
        String location = new PageSession(server).authorize(app.authorizeUrl(app.authorizeParams(scope, attempt)),
                "patient", "demo-patient", null, checked -> checked);
        Http.Response response = app.exchange(PageSession.param(location, "code"), attempt.verifier());
        assertEquals(200, response.status(), response.body());
        assertTrue(response.json().path("scope").asText().contains("patient/Basic.cruds"), response.body());
        return response.json().path("access_token").asText();
    }

    private static String origin(SmartApp app) {
        URI uri = URI.create(app.redirectUri());
        return uri.getScheme() + "://" + uri.getRawAuthority();
    }

    private static String basic(String system, String subject, String value) {
        return """
                {"resourceType": "Basic", %s"code": {"coding": [{"system": "%s", "code": "phr-keys"}]},
                 "extension": [{"url": "%s/keys", "valueString": "%s"}]}"""
                .formatted(subject == null ? "" : "\"subject\": {\"reference\": \"" + subject + "\"}, ", system,
                        system, value);
    }

    private Http.Response send(String method, String path, String token, String body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(endpoint + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/fhir+json");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return http.send(request.build());
    }

    private Http.Response create(String token, String body) {
        return send("POST", "/Basic", token, body);
    }

    private String search(String system, String subject) {
        return "/Basic?code=" + URLEncoder.encode(system + "|phr-keys", StandardCharsets.UTF_8)
                + (subject == null ? "&subject:missing=true"
                : "&subject=" + URLEncoder.encode(subject, StandardCharsets.UTF_8));
    }

    @Test
    void anAppKeepsPatientStateAndFindsItAgain() {
        Http.Response created = create(tokenA, basic(origin(appA), patientSubject, "k1"));
        assertEquals(201, created.status(), created.body());
        assertEquals("W/\"1\"", created.header("ETag"));
        String id = created.json().path("id").asText();
        assertEquals("1", created.json().path("meta").path("versionId").asText());
        assertTrue(created.header("Location").contains("/Basic/" + id), created.header("Location"));
        Http.Response found = send("GET", search(origin(appA), patientSubject), tokenA, null);
        assertEquals(200, found.status(), found.body());
        assertTrue(found.body().contains("\"id\":\"" + id + "\""), found.body());
        assertEquals("k1", send("GET", "/Basic/" + id, tokenA, null).json().path("extension").get(0)
                .path("valueString").asText());
    }

    @Test
    void twoAppsCannotReadOrWriteEachOthersState() {
        Http.Response created = create(tokenA, basic(origin(appA), patientSubject, "secret-of-a"));
        assertEquals(201, created.status(), created.body());
        String id = created.json().path("id").asText();
        assertEquals(403, send("GET", search(origin(appA), patientSubject), tokenB, null).status());
        Http.Response read = send("GET", "/Basic/" + id, tokenB, null);
        assertEquals(403, read.status());
        assertTrue(!read.body().contains("secret-of-a"), read.body());
        assertEquals(403, create(tokenB, basic(origin(appA), patientSubject, "forged")).status());
        assertEquals(403, send("DELETE", "/Basic/" + id, tokenB, null, "If-Match", "W/\"1\"").status());
        assertEquals("OperationOutcome", read.json().path("resourceType").asText());
    }

    @Test
    void aPatientsTokenCannotReachAnotherPatientsState() {
        String otherPatient = server.fhirBase() + "/Patient/someone-else";
        Http.Response search = send("GET", search(origin(appA), otherPatient), tokenA, null);
        assertEquals(403, search.status(), search.body());
        assertEquals(403, create(tokenA, basic(origin(appA), otherPatient, "x")).status());
    }

    @Test
    void updatesAndDeletesNeedTheCurrentVersionAndADeletedStateIsGone() {
        String id = create(tokenA, basic(origin(appA), patientSubject, "v1")).json().path("id").asText();
        String v2 = basic(origin(appA), patientSubject, "v2").replace("{\"resourceType\": \"Basic\", ",
                "{\"resourceType\": \"Basic\", \"id\": \"" + id + "\", ");
        assertEquals(412, send("PUT", "/Basic/" + id, tokenA, v2).status(), "no If-Match");
        assertEquals(412, send("PUT", "/Basic/" + id, tokenA, v2, "If-Match", "W/\"7\"").status(), "stale");
        Http.Response updated = send("PUT", "/Basic/" + id, tokenA, v2, "If-Match", "W/\"1\"");
        assertEquals(200, updated.status(), updated.body());
        assertEquals("W/\"2\"", updated.header("ETag"));
        String otherCode = v2.replace("phr-keys", "other-code");
        assertEquals(412, send("PUT", "/Basic/" + id, tokenA, otherCode, "If-Match", "W/\"2\"").status());
        assertEquals(412, send("DELETE", "/Basic/" + id, tokenA, null, "If-Match", "W/\"1\"").status());
        assertEquals(204, send("DELETE", "/Basic/" + id, tokenA, null, "If-Match", "W/\"2\"").status());
        assertEquals(412, send("GET", "/Basic/" + id, tokenA, null).status());
        assertEquals(412, send("PUT", "/Basic/" + id, tokenA, v2, "If-Match", "W/\"3\"").status());
    }

    @Test
    void globalStateNeedsUserScopes() {
        assertEquals(403, create(tokenA, basic(origin(appA), null, "global")).status());
        String userToken = patientToken(appA, SCOPE + " user/Basic.cruds");
        Http.Response created = create(userToken, basic(origin(appA), null, "global"));
        assertEquals(201, created.status(), created.body());
        Http.Response found = send("GET", search(origin(appA), null), userToken, null);
        assertEquals(200, found.status(), found.body());
        assertTrue(found.json().path("total").asInt() >= 1, found.body());
    }

    @Test
    void malformedOrOversizedStateIsRefused() {
        assertEquals(401, create(null, basic(origin(appA), patientSubject, "x")).status());
        assertEquals(401, create("not-a-token", basic(origin(appA), patientSubject, "x")).status());
        assertEquals(400, create(tokenA, basic(origin(appA), patientSubject, "x")
                .replace("{\"resourceType\": \"Basic\", ", "{\"resourceType\": \"Basic\", \"id\": \"mine\", "))
                .status());
        assertEquals(400, create(tokenA, basic(origin(appA), patientSubject, "x")
                .replace("\"valueString\"", "\"valueInteger\"").replace("\"x\"", "7")).status());
        assertEquals(400, create(tokenA, basic(origin(appA), "Patient/relative", "x")).status());
        assertEquals(413, create(tokenA, basic(origin(appA), patientSubject, "x".repeat(300 * 1024))).status());
    }
}
