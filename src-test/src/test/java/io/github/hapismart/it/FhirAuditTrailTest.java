package io.github.hapismart.it;

import static io.github.hapismart.it.TwoPatients.enc;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.hapismart.scope.ScopeSet;
import io.github.hapismart.token.AccessTokenService;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 17: the AuditEvents the real sample server records (in its own FHIR server), read back over FHIR search
 * with an auditor's {@code system/AuditEvent.rs} token and checked field by field; the access policy on AuditEvent;
 * the explained 403 and 401.
 */
@ExtendWith(SharedServer.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FhirAuditTrailTest {

    private static final String EVENTS = "urn:hapismart:audit-event";
    private static final String JTI = "urn:ietf:params:oauth:jti:";
    private static final String BALP = "https://profiles.ihe.net/ITI/BALP/StructureDefinition/";
    private final Http http = new Http();
    private SampleServerFixture server;
    private TwoPatients p;
    private String auditor;

    @BeforeAll
    void setUp(SampleServerFixture server) {
        this.server = server;
        this.p = new TwoPatients(server);
        this.auditor = issue("audit-officer", "audit-officer", "system/AuditEvent.rs", null).value();
    }

    private AccessTokenService.IssuedToken issue(String client, String subject, String scopes, String patient) {
        return server.server().application().plugin().authorizationServer().accessTokens().issue(
                new AccessTokenService.TokenRequest(client, subject, ScopeSet.parse(scopes),
                        Optional.ofNullable(patient), Optional.empty(),
                        Optional.ofNullable(patient).map(id -> "Patient/" + id), Duration.ofHours(1),
                        Optional.empty()));
    }

    /** The AuditEvents found by {@code query} once one matches {@code until} (polled up to 30 s). */
    private List<JsonNode> events(String query, Predicate<List<JsonNode>> until) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        List<JsonNode> found = List.of();
        while (Instant.now().isBefore(deadline)) {
            Http.Response response = p.get("AuditEvent?" + query + "&_sort=-date&_count=200", auditor);
            assertEquals(200, response.status(), response.body());
            found = new ArrayList<>();
            for (JsonNode entry : response.json().path("entry")) {
                found.add(entry.path("resource"));
            }
            if (until.test(found)) {
                return found;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no matching AuditEvent for " + query + " within 30 s; found " + found);
    }

    private static JsonNode only(List<JsonNode> events, String code) {
        List<JsonNode> matching = events.stream().filter(e -> code.equals(e.path("subtype").get(0).path("code")
                .asText())).toList();
        assertEquals(1, matching.size(), code + " in " + events);
        return matching.get(0);
    }

    private static boolean has(List<JsonNode> events, String code) {
        return events.stream().anyMatch(e -> code.equals(e.path("subtype").get(0).path("code").asText()));
    }

    private static JsonNode agent(JsonNode event, String typeCode) {
        for (JsonNode agent : event.path("agent")) {
            for (JsonNode coding : agent.path("type").path("coding")) {
                if (typeCode.equals(coding.path("code").asText())) {
                    return agent;
                }
            }
        }
        throw new AssertionError("no agent " + typeCode + " in " + event);
    }

    private static JsonNode entity(JsonNode event, String roleCode) {
        for (JsonNode entity : event.path("entity")) {
            if (roleCode.equals(entity.path("role").path("code").asText())) {
                return entity;
            }
        }
        throw new AssertionError("no entity with role " + roleCode + " in " + event);
    }

    private static String detail(JsonNode entity, String type) {
        for (JsonNode detail : entity.path("detail")) {
            if (type.equals(detail.path("type").asText())) {
                return detail.path("valueString").asText();
            }
        }
        return null;
    }

    @Test
    void patientDataAccessRecordedInABurstIsStoredInBatchesAndFoundByTheDocumentedSearches() throws Exception {
        // The shared server audits refusals only; its trail (JpaAuditStore, one HAPI transaction per batch) is fed
        // patient-data access records straight away, as the FHIR hook would with the setting on.
        String jti = java.util.UUID.randomUUID().toString();
        io.github.hapismart.audit.AuditSink sink =
                server.server().application().plugin().authorizationServer().audit();
        Instant start = Instant.now();
        int requests = 150;
        for (int i = 0; i < requests; i++) {
            sink.record(io.github.hapismart.audit.AuditRecord.of(io.github.hapismart.audit.AuditKind.PATIENT_READ,
                            true, start.plusMillis(i)).client("reader-app").user("reader")
                    .fhirUser("Patient/" + p.a).patient(p.a).tokenId(jti).scopes("patient/*.rs")
                    .request("GET Patient/" + p.a + "?n=" + i).resource("Patient/" + p.a)
                    .detail("interaction", "read").build());
        }
        List<JsonNode> found = events("policy=" + enc(JTI + jti), all -> queries(all).size() >= requests);
        List<String> listed = queries(found);
        assertEquals(requests, listed.size(), "every request listed once");
        assertEquals(requests, new java.util.HashSet<>(listed).size());
        int counted = 0;
        for (JsonNode event : found) {
            assertEquals("patient-read", event.path("subtype").get(0).path("code").asText());
            assertTrue(event.path("meta").path("profile").toString().contains(BALP + "IHE.BasicAudit.PatientRead"));
            assertEquals("Patient/" + p.a, entity(event, "1").path("what").path("reference").asText());
            assertEquals(JTI + jti, agent(event, "IRCP").path("policy").get(0).asText());
            String perEvent = detail(entity(event, "13"), "requests");
            counted += perEvent == null ? 1 : Integer.parseInt(perEvent);
            if (perEvent != null) {
                assertFalse(event.path("period").path("start").asText().isEmpty(), event.toString());
            }
        }
        assertEquals(requests, counted);
        assertTrue(found.size() < requests, "requests that waited together share an event: " + found.size());
        List<JsonNode> byPatient = events("patient=" + p.a + "&subtype=" + enc(EVENTS + "|patient-read"),
                all -> all.stream().anyMatch(e -> e.toString().contains(JTI + jti)));
        assertTrue(byPatient.stream().allMatch(e -> "patient-read".equals(e.path("subtype").get(0).path("code")
                .asText())));
    }

    /**
     * The requests the events list: a coalesced event's Query entity's {@code request} details (time, space, request);
     * a lone read's request is the description of the data entity (BALP Read has no Query entity).
     */
    private static List<String> queries(List<JsonNode> events) {
        List<String> requests = new ArrayList<>();
        for (JsonNode event : events) {
            for (JsonNode entity : event.path("entity")) {
                String role = entity.path("role").path("code").asText();
                if ("24".equals(role)) {
                    for (JsonNode detail : entity.path("detail")) {
                        if ("request".equals(detail.path("type").asText())) {
                            String line = detail.path("valueString").asText();
                            requests.add(line.substring(line.indexOf(' ') + 1));
                        }
                    }
                } else if ("4".equals(role) && entity.hasNonNull("description")) {
                    requests.add(entity.path("description").asText());
                }
            }
        }
        return requests;
    }

    @Test
    void aRefusedReadIsExplainedAndRecordedFieldByField() throws Exception {
        AccessTokenService.IssuedToken token = issue("audit-app", "audit-user", "patient/Observation.rs", p.a);
        String foreign = p.first(p.bRefs, "Observation");
        Http.Response refused = p.get(foreign, token.value());
        p.assertStatusWithoutB(403, refused);
        String diagnostics = refused.json().path("issue").get(0).path("diagnostics").asText();
        assertTrue(diagnostics.startsWith("Refused: read of Observation needs patient/Observation.r"), diagnostics);
        assertEquals("forbidden", refused.json().path("issue").get(0).path("code").asText());

        JsonNode event = only(events("policy=" + enc(JTI + token.grant().tokenId()),
                found -> has(found, "access-refused")), "access-refused");
        assertEquals("rest", event.path("type").path("code").asText());
        assertEquals("read", event.path("subtype").get(1).path("code").asText());
        assertEquals("E", event.path("action").asText());
        assertEquals("8", event.path("outcome").asText());
        assertEquals(diagnostics, event.path("outcomeDesc").asText());
        assertTrue(event.path("meta").path("profile").toString().contains(BALP
                + "IHE.BasicAudit.OAUTHaccessTokenUse.Minimal"), event.toString());
        JsonNode client = agent(event, "110150");
        assertEquals("audit-app", client.path("who").path("identifier").path("value").asText());
        assertFalse(client.path("network").path("address").asText().isEmpty());
        JsonNode user = agent(event, "IRCP");
        assertEquals("audit-user", user.path("who").path("identifier").path("value").asText());
        assertEquals("Patient/" + p.a, user.path("who").path("reference").asText());
        assertEquals(JTI + token.grant().tokenId(), user.path("policy").get(0).asText());
        assertEquals("Patient/" + p.a, entity(event, "1").path("what").path("reference").asText());
        assertEquals("GET " + foreign, entity(event, "24").path("description").asText());
        assertEquals("patient/Observation.rs", detail(entity(event, "13"), "scope"));
        assertFalse(event.toString().contains(token.value()), "the token itself is never recorded");
    }

    @Test
    void aRevocationIsRecordedWithItsCause() throws Exception {
        SmartApp app = SmartApp.registerConfidential(http, server, "openid");
        AccessTokenService.IssuedToken token = issue(app.clientId(), "revoked-user", "patient/Patient.rs", p.a);
        assertEquals(200, app.revoke(token.value()).status());
        JsonNode event = only(events("policy=" + enc(JTI + token.grant().tokenId()),
                found -> has(found, "token-revoked")), "token-revoked");
        assertEquals("110113", event.path("type").path("code").asText());
        assertEquals("0", event.path("outcome").asText());
        assertEquals("the client revoked its access token (RFC 7009)", event.path("outcomeDesc").asText());
        assertEquals(app.clientId(), agent(event, "110150").path("who").path("identifier").path("value").asText());
        assertEquals("authserver", agent(event, "authserver").path("type").path("coding").get(0).path("code")
                .asText());
        assertEquals("Patient/" + p.a, entity(event, "1").path("what").path("reference").asText());
        JsonNode tokenEntity = entity(event, "13");
        assertEquals(JTI + token.grant().tokenId(), tokenEntity.path("what").path("identifier").path("value")
                .asText());
        assertEquals("rfc7009", detail(tokenEntity, "cause"));
        // The revoked token is refused, and the 401 says why.
        Http.Response after = pollUntilRefused(token.value());
        assertTrue(after.header("WWW-Authenticate").contains("error_description=\"The access token has been revoked\""),
                after.header("WWW-Authenticate"));
    }

    private Http.Response pollUntilRefused(String token) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (Instant.now().isBefore(deadline)) {
            Http.Response response = p.get("Patient/" + p.a, token);
            if (response.status() == 401) {
                return response;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the revoked token still works after 30 s");
    }

    @Test
    void aWholeEhrLaunchIsRecorded() throws Exception {
        String scope = "launch openid fhirUser patient/*.rs";
        SmartApp app = SmartApp.registerPublic(http, server, scope);
        String patientId = server.server().application().plugin().authorizationServer().users()
                .findByUsername("patient").orElseThrow().fhirUserId();
        Map<String, String> form = new LinkedHashMap<>();
        form.put("app_client_id", app.clientId());
        form.put("patient", patientId);
        Http.Response launch = EhrLaunchTest.createLaunch(http, server, form);
        assertEquals(201, launch.status(), launch.body());
        SmartApp.Attempt attempt = SmartApp.attempt();
        Map<String, String> params = app.authorizeParams(scope, attempt);
        params.put("launch", launch.json().path("launch").asText());
        String location = new PageSession(server).authorize(app.authorizeUrl(params), "practitioner",
                "demo-practitioner", null, checked -> checked);
        Http.Response token = app.exchange(PageSession.param(location, "code"), attempt.verifier());
        assertEquals(200, token.status(), token.body());
        String jti = com.nimbusds.jwt.SignedJWT.parse(token.json().path("access_token").asText())
                .getJWTClaimsSet().getJWTID();

        List<JsonNode> trail = events("patient=" + patientId + "&date=ge" + Instant.now().minusSeconds(120),
                found -> forClient(found, app.clientId()).stream().anyMatch(e -> e.toString().contains(jti)));
        List<JsonNode> mine = forClient(trail, app.clientId());
        JsonNode created = only(mine, "launch-created");
        assertEquals("demo-ehr", detail(entity(created, "13"), "created_by"));
        JsonNode consent = only(mine, "consent");
        assertEquals("0", consent.path("outcome").asText());
        assertEquals("AuthZ-Consent", consent.path("subtype").get(1).path("code").asText());
        assertEquals(scope, detail(entity(consent, "13"), "scope"));
        assertEquals("practitioner", agent(consent, "IRCP").path("who").path("identifier").path("value").asText());
        only(mine, "code-issued");
        JsonNode issued = only(mine, "token-issued");
        assertTrue(issued.path("meta").path("profile").toString().contains(BALP + "IHE.IUA.71"));
        assertEquals("ITI-71", issued.path("subtype").get(1).path("code").asText());
        assertEquals("Patient/" + patientId, entity(issued, "1").path("what").path("reference").asText());
        JsonNode tokenEntity = entity(issued, "13");
        assertEquals(JTI + jti, tokenEntity.path("what").path("identifier").path("value").asText());
        assertEquals(scope, detail(tokenEntity, "scope"));
        assertEquals("authorization_code", detail(tokenEntity, "grant_type"));
        assertEquals("practitioner", agent(issued, "IRCP").path("who").path("identifier").path("value").asText());
        assertFalse(issued.toString().contains(token.json().path("access_token").asText()));
        JsonNode login = events("subtype=" + enc(EVENTS + "|login") + "&date=ge" + Instant.now().minusSeconds(120),
                found -> !found.isEmpty()).get(0);
        assertEquals("110114", login.path("type").path("code").asText());
        assertFalse(login.toString().contains("demo-practitioner"), "no password in a login event");
    }

    private static List<JsonNode> forClient(List<JsonNode> events, String clientId) {
        return events.stream().filter(e -> {
            for (JsonNode agent : e.path("agent")) {
                if (clientId.equals(agent.path("who").path("identifier").path("value").asText())) {
                    return true;
                }
            }
            return false;
        }).toList();
    }

    @Test
    void aBackendExportIsRecorded() throws Exception {
        String scope = "system/Patient.rs system/Observation.rs";
        BackendClient client = BackendClient.es384().registerWithJwks(http, server, scope);
        String endpoint = server.rootUrl() + "/auth/token";
        Http.Response tokenResponse = http.postForm(endpoint,
                BackendClient.tokenForm(client.assertion(endpoint), scope));
        assertEquals(200, tokenResponse.status(), tokenResponse.body());
        String token = tokenResponse.json().path("access_token").asText();
        String jti = com.nimbusds.jwt.SignedJWT.parse(token).getJWTClaimsSet().getJWTID();
        Http.Response kickoff = http.get(server.fhirBase() + "/$export?_type=Patient", "Authorization",
                "Bearer " + token, "Accept", "application/fhir+json", "Prefer", "respond-async");
        assertEquals(202, kickoff.status(), kickoff.body());
        JsonNode manifest = BulkExports.poll(http, kickoff.header("Content-Location"), token);
        String url = manifest.path("output").get(0).path("url").asText();
        assertEquals(200, http.get(url, "Authorization", "Bearer " + token, "Accept", "application/fhir+ndjson")
                .status());

        List<JsonNode> trail = events("policy=" + enc(JTI + jti), found -> has(found, "export-downloaded"));
        JsonNode started = only(trail, "export-started");
        assertEquals("110106", started.path("type").path("code").asText());
        assertEquals("Patient", detail(entity(started, "13"), "types"));
        assertEquals(client.clientId(), agent(started, "110150").path("who").path("identifier").path("value")
                .asText());
        JsonNode downloaded = only(trail, "export-downloaded");
        assertTrue(url.endsWith(entity(downloaded, "4").path("what").path("reference").asText()), url);
        JsonNode issued = only(events("subtype=" + enc(EVENTS + "|token-issued") + "&date=ge"
                + Instant.now().minusSeconds(120), found -> found.stream().anyMatch(e -> e.toString().contains(jti))
        ).stream().filter(e -> e.toString().contains(jti)).toList(), "token-issued");
        assertEquals("client_credentials", detail(entity(issued, "13"), "grant_type"));
        assertEquals(scope, detail(entity(issued, "13"), "scope"));
    }

    @Test
    void patientAndPractitionerTokensNeverReadAuditEvents() throws Exception {
        // The system history from this moment holds this test's AuditEvents and nothing else (no other client's
        // export files, which export ownership would refuse to show).
        String since = java.net.URLEncoder.encode(java.time.Instant.now().minusSeconds(1).toString(),
                java.nio.charset.StandardCharsets.UTF_8);
        // Make sure there are AuditEvents about patient A.
        String patientToken = p.patientToken("patient/*.rs");
        p.get(p.first(p.bRefs, "Observation"), patientToken);
        events("patient=" + p.a, found -> !found.isEmpty());
        String practitioner = issue("leak-test-app", "practitioner", "user/*.rs", null).value();
        String backend = issue("bulk-client", "bulk-client", "system/*.rs", null).value();
        for (String token : List.of(patientToken, practitioner, backend)) {
            Http.Response search = p.get("AuditEvent?patient=" + p.a, token);
            assertEquals(403, search.status(), search.body());
            assertTrue(search.json().path("issue").get(0).path("diagnostics").asText()
                    .contains("system/AuditEvent.rs"), search.body());
            assertEquals(403, p.get("AuditEvent", token).status());
            assertEquals(403, p.get("AuditEvent/_history", token).status());
            for (String path : List.of("Patient/" + p.a + "/$everything", "Patient?_id=" + p.a
                    + "&_revinclude=AuditEvent:patient", "Patient?_id=" + p.a + "&_revinclude=*",
                    "Patient/" + p.a + "/_history", "_history?_count=200&_since=" + since)) {
                Http.Response response = p.get(path, token);
                // Each of these is answered (filtered, not refused): a failed request would also "contain no
                // AuditEvent", so the status is pinned too (system history once answered 500 here).
                // $everything is a patient-context operation: the rules allow it to the patient's own token only
                // and refuse it to the user/*.rs and system/*.rs tokens.
                int expected = !token.equals(patientToken) && path.contains("$everything") ? 403 : 200;
                // The system history of the system/*.rs token can also hold the files of an export that another
                // test method started and whose job finished after this one began; export ownership then refuses
                // the whole page (403). That depends on timing, so for that one request only the absence of
                // AuditEvents is asserted.
                if (!path.startsWith("_history")) {
                    assertEquals(expected, response.status(), path + ": " + response.body());
                }
                assertFalse(response.body().contains("\"AuditEvent\""), path + ": " + response.body());
            }
        }
        Http.Response write = p.send("POST", "AuditEvent", backend, "application/fhir+json",
                "{\"resourceType\":\"AuditEvent\"}");
        assertEquals(403, write.status(), write.body());
        Http.Response auditorSearch = p.get("AuditEvent?patient=" + p.a, auditor);
        assertEquals(200, auditorSearch.status());
        assertTrue(auditorSearch.json().path("entry").size() > 0);
    }

    @Test
    void aRefused401SaysWhy() {
        assertEquals("Bearer realm=\"" + server.fhirBase() + "\", error=\"invalid_token\", error_description="
                        + "\"The access token is not a signed JWT\"",
                p.get("Patient/" + p.a, "not-a-jwt").header("WWW-Authenticate"));
        String valid = issue("audit-app", "audit-user", "patient/*.rs", p.a).value();
        String[] parts = valid.split("\\.");
        String tampered = parts[0] + "." + parts[1] + "." + new StringBuilder(parts[2]).reverse();
        assertTrue(p.get("Patient/" + p.a, tampered).header("WWW-Authenticate")
                .contains("error_description=\"The access token's signature is invalid\""));
    }

    /** The client-authentication events naming {@code clientId} (a fresh client per test), once there are {@code n}. */
    private List<JsonNode> clientAuthenticationFailures(String clientId, int n) throws InterruptedException {
        Predicate<JsonNode> ofClient = e -> e.toString().contains("\"" + clientId + "\"");
        return events("subtype=" + enc(EVENTS + "|client-authentication"),
                found -> found.stream().filter(ofClient).count() >= n).stream().filter(ofClient).toList();
    }

    @Test
    void aFailedClientAuthenticationAtTheTokenEndpointIsRecordedWithoutTheSecret() throws Exception {
        SmartApp app = SmartApp.registerConfidential(http, server, "openid");
        String wrongSecret = "wrong-secret-" + System.nanoTime();
        String basic = "Basic " + java.util.Base64.getEncoder().encodeToString((app.clientId() + ":" + wrongSecret)
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        Http.Response refused = http.postForm(server.rootUrl() + "/auth/token",
                "grant_type=client_credentials&scope=system%2FPatient.rs", "Authorization", basic);
        assertEquals(401, refused.status(), refused.body());

        JsonNode event = clientAuthenticationFailures(app.clientId(), 1).get(0);
        assertEquals("110114", event.path("type").path("code").asText());
        assertEquals("client-authentication", event.path("subtype").get(0).path("code").asText());
        assertEquals("110122", event.path("subtype").get(1).path("code").asText());
        assertEquals("E", event.path("action").asText());
        assertEquals("4", event.path("outcome").asText());
        assertEquals("Client authentication failed", event.path("outcomeDesc").asText());
        JsonNode client = agent(event, "110150");
        assertEquals(app.clientId(), client.path("who").path("identifier").path("value").asText());
        assertTrue(client.path("requestor").asBoolean());
        assertFalse(client.path("network").path("address").asText().isEmpty());
        assertEquals("authserver", agent(event, "authserver").path("type").path("coding").get(0).path("code")
                .asText());
        assertEquals("POST /auth/token", entity(event, "24").path("description").asText());
        assertEquals("client_secret_basic", detail(entity(event, "13"), "auth_method"));
        assertEquals("invalid_client", detail(entity(event, "13"), "error"));
        assertFalse(event.toString().contains(wrongSecret), "the secret is never recorded");
        assertFalse(event.toString().contains(basic.substring(6)), "nor the Basic credentials");
    }

    @Test
    void failedClientAuthenticationsAtIntrospectionAndRevocationAreRecordedWithTheirMethod() throws Exception {
        String unknown = "no-such-client-" + System.nanoTime();
        Http.Response introspect = http.postForm(server.rootUrl() + "/auth/introspect",
                "token=abc&client_id=" + unknown + "&client_secret=guess-1");
        assertEquals(401, introspect.status(), introspect.body());
        Http.Response revoke = http.postForm(server.rootUrl() + "/auth/revoke", "token=abc&client_id=" + unknown
                + "&client_assertion_type=" + enc("urn:ietf:params:oauth:client-assertion-type:jwt-bearer")
                + "&client_assertion=not.a.jwt");
        assertEquals(401, revoke.status(), revoke.body());

        Map<String, JsonNode> byEndpoint = new LinkedHashMap<>();
        for (JsonNode event : clientAuthenticationFailures(unknown, 2)) {
            byEndpoint.put(entity(event, "24").path("description").asText(), event);
        }
        JsonNode atIntrospection = byEndpoint.get("POST /auth/introspect");
        assertEquals("client_secret_post", detail(entity(atIntrospection, "13"), "auth_method"));
        assertEquals(unknown, agent(atIntrospection, "110150").path("who").path("identifier").path("value").asText());
        assertFalse(atIntrospection.toString().contains("guess-1"), "the secret is never recorded");
        JsonNode atRevocation = byEndpoint.get("POST /auth/revoke");
        assertEquals("private_key_jwt", detail(entity(atRevocation, "13"), "auth_method"));
        assertEquals("4", atRevocation.path("outcome").asText());
        assertFalse(atRevocation.toString().contains("not.a.jwt"), "the assertion is never recorded");
    }
}
