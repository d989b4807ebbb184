package io.github.hapismart.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The authorization endpoint's validation over HTTP: faults before the client and redirect_uri are trusted are an
 * error page, later ones a redirect with error and state; the pages' security headers, CSRF and login throttle.
 */
@ExtendWith(SharedServer.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuthorizationEndpointTest {

    private static final String SCOPE = "launch/patient openid fhirUser patient/*.rs";
    private final Http http = new Http();
    private SampleServerFixture server;
    private SmartApp app;

    @BeforeAll
    void register(SampleServerFixture server) {
        this.server = server;
        this.app = SmartApp.registerPublic(http, server, SCOPE + " offline_access");
    }

    private PageSession.Page authorize(Map<String, String> params) {
        return new PageSession(server).get(app.authorizeUrl(params));
    }

    private Map<String, String> params() {
        return new java.util.LinkedHashMap<>(app.authorizeParams(SCOPE, SmartApp.attempt()));
    }

    /** An error redirected to the app from the authorization request itself (a GET): 302 Found. */
    private void assertRedirectedError(PageSession.Page page, Map<String, String> params, String error) {
        assertRedirectedError(page, params, error, 302);
    }

    /**
     * An error redirected to the app. The status is pinned: 302 answers the GET of the authorization request, 303 See
     * Other answers a form POST of the pages (RFC 9700's advice on 307: after a POST, 303 keeps the browser from
     * re-posting the form, with the user's password, to the app).
     */
    private void assertRedirectedError(PageSession.Page page, Map<String, String> params, String error, int status) {
        assertEquals(status, page.status(), page.status() + " " + page.body());
        assertTrue(page.location().startsWith(app.redirectUri() + "?"), page.location());
        assertEquals(error, PageSession.param(page.location(), "error"), page.location());
        assertFalse(PageSession.param(page.location(), "error_description").isEmpty());
        assertEquals(params.get("state"), PageSession.param(page.location(), "state"));
        // RFC 9207: error responses name the issuer too.
        assertEquals(server.fhirBase(), PageSession.param(page.location(), "iss"), page.location());
    }

    @Test
    void codeRedirectNamesTheIssuerOnceAsRfc9207Asks() {
        Map<String, String> params = params();
        String location = new PageSession(server).authorize(app.authorizeUrl(params), "patient", "demo-patient",
                null, checked -> checked);
        assertFalse(PageSession.param(location, "code").isEmpty(), location);
        assertEquals(server.fhirBase(), PageSession.param(location, "iss"), location);
        assertEquals(1, location.split("[?&]iss=", -1).length - 1, location);
    }

    @Test
    void unknownClientGetsAnErrorPageAndNoRedirect() {
        Map<String, String> params = params();
        params.put("client_id", "no-such-client");
        PageSession.Page page = authorize(params);
        assertEquals(400, page.status());
        assertNull(page.location());
        assertTrue(page.body().contains("Unknown or missing client_id"), page.body());
        assertEquals("DENY", page.headers().firstValue("X-Frame-Options").orElse(null));
    }

    @Test
    void unregisteredRedirectUriGetsAnErrorPageAndNoRedirect() {
        Map<String, String> params = params();
        params.put("redirect_uri", "https://attacker.example/cb");
        PageSession.Page page = authorize(params);
        assertEquals(400, page.status());
        assertNull(page.location());
        assertTrue(page.body().contains("redirect_uri"), page.body());
    }

    @Test
    void wrongAudienceIsRedirectedAsInvalidRequest() {
        Map<String, String> params = params();
        params.put("aud", "https://other.example/fhir");
        assertRedirectedError(authorize(params), params, "invalid_request");
    }

    @Test
    void missingAudienceIsRedirectedAsInvalidRequest() {
        Map<String, String> params = params();
        params.remove("aud");
        assertRedirectedError(authorize(params), params, "invalid_request");
    }

    @Test
    void missingPkceIsRefused() {
        Map<String, String> params = params();
        params.remove("code_challenge");
        params.remove("code_challenge_method");
        assertRedirectedError(authorize(params), params, "invalid_request");
    }

    @Test
    void plainPkceIsRefused() {
        Map<String, String> params = params();
        params.put("code_challenge_method", "plain");
        params.put("code_challenge", "a-plain-verifier-that-is-long-enough-to-be-one-0123456789");
        assertRedirectedError(authorize(params), params, "invalid_request");
    }

    @Test
    void responseTypeOtherThanCodeIsRefused() {
        Map<String, String> params = params();
        params.put("response_type", "token");
        assertRedirectedError(authorize(params), params, "unsupported_response_type");
    }

    @Test
    void scopeTheClientMayNotReceiveIsInvalidScope() {
        Map<String, String> params = params();
        params.put("scope", "system/*.rs user/*.cruds");
        assertRedirectedError(authorize(params), params, "invalid_scope");
    }

    @Test
    void repeatedParameterGetsAnErrorPage() {
        PageSession.Page page = new PageSession(server).get(app.authorizeUrl(params()) + "&scope=openid");
        assertEquals(400, page.status());
        assertNull(page.location());
    }

    @Test
    void validRequestIsStoredServerSideAndPagesCarrySecurityHeaders() {
        PageSession session = new PageSession(server);
        PageSession.Page first = session.get(app.authorizeUrl(params()));
        assertEquals(302, first.status());
        assertTrue(first.location().startsWith("/auth/authorize?txn="), first.location());
        assertFalse(first.location().contains("scope"), "the request must not travel in the URL");
        String cookie = String.join(";", first.headers().allValues("Set-Cookie"));
        assertTrue(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"), cookie);
        PageSession.Page login = session.get(first.location());
        assertEquals(200, login.status());
        assertTrue(login.body().contains("name=\"username\"") && login.body().contains("name=\"password\""));
        assertEquals("no-store", login.headers().firstValue("Cache-Control").orElse(null));
        assertEquals("DENY", login.headers().firstValue("X-Frame-Options").orElse(null));
        assertEquals("frame-ancestors 'none'; default-src 'self'",
                login.headers().firstValue("Content-Security-Policy").orElse(null));
    }

    @Test
    void formPostWithoutCsrfTokenIsRefused() {
        PageSession session = new PageSession(server);
        String txnPage = session.get(app.authorizeUrl(params())).location();
        String txn = txnPage.substring(txnPage.indexOf("txn=") + 4);
        PageSession.Page page = session.post("/auth/authorize", Map.of("txn", txn, "action", "login",
                "username", "patient", "password", "demo-patient", "csrf", "forged"));
        assertEquals(400, page.status());
        assertNull(page.location());
    }

    @Test
    void anotherBrowserCannotContinueTheRequest() {
        String txnPage = new PageSession(server).get(app.authorizeUrl(params())).location();
        PageSession.Page page = new PageSession(server).get(txnPage);
        assertEquals(400, page.status());
    }

    @Test
    void echoedInputIsEscaped() {
        PageSession session = new PageSession(server);
        String txnPage = session.get(app.authorizeUrl(params())).location();
        String txn = txnPage.substring(txnPage.indexOf("txn=") + 4);
        String csrf = session.get(txnPage).body().replaceAll("(?s).*name=\"csrf\" value=\"([^\"]+)\".*", "$1");
        PageSession.Page page = session.post("/auth/authorize", Map.of("txn", txn, "csrf", csrf, "action", "login",
                "username", "<script>alert(1)</script>", "password", "x"));
        assertEquals(401, page.status());
        assertFalse(page.body().contains("<script>alert(1)</script>"));
        assertTrue(page.body().contains("&lt;script&gt;"));
    }

    @Test
    void repeatedFailedLoginsAreThrottledWithAClearMessage() {
        PageSession session = new PageSession(server);
        String txnPage = session.get(app.authorizeUrl(params())).location();
        String txn = txnPage.substring(txnPage.indexOf("txn=") + 4);
        String csrf = session.get(txnPage).body().replaceAll("(?s).*name=\"csrf\" value=\"([^\"]+)\".*", "$1");
        String username = "nobody-" + UUID.randomUUID();
        for (int i = 0; i < 5; i++) {
            PageSession.Page failed = session.post("/auth/authorize", Map.of("txn", txn, "csrf", csrf,
                    "action", "login", "username", username, "password", "wrong"));
            assertEquals(401, failed.status());
            assertTrue(failed.body().contains("Wrong user name or password"));
        }
        PageSession.Page throttled = session.post("/auth/authorize", Map.of("txn", txn, "csrf", csrf,
                "action", "login", "username", username, "password", "wrong"));
        assertEquals(429, throttled.status());
        assertTrue(throttled.body().contains("Too many failed logins"), throttled.body());
    }

    @Test
    void denyRedirectsWithAccessDenied() {
        Map<String, String> params = params();
        PageSession session = new PageSession(server);
        String txnPage = session.get(app.authorizeUrl(params)).location();
        String txn = txnPage.substring(txnPage.indexOf("txn=") + 4);
        String csrf = session.get(txnPage).body().replaceAll("(?s).*name=\"csrf\" value=\"([^\"]+)\".*", "$1");
        assertEquals(303, session.post("/auth/authorize", Map.of("txn", txn, "csrf", csrf, "action", "login",
                "username", "patient", "password", "demo-patient")).status());
        assertTrue(session.get(txnPage).body().contains("value=\"approve\""));
        PageSession.Page denied = session.post("/auth/authorize", Map.of("txn", txn, "csrf", csrf,
                "action", "consent", "decision", "deny"));
        assertRedirectedError(denied, params, "access_denied", 303);
    }

    @Test
    void consentPageListsEveryRequestedScopeCheckedByDefault() {
        PageSession session = new PageSession(server);
        Map<String, String> params = params();
        params.put("scope", "openid fhirUser launch/patient patient/Condition.rs patient/Observation.read");
        String txnPage = session.get(app.authorizeUrl(params)).location();
        String txn = txnPage.substring(txnPage.indexOf("txn=") + 4);
        String csrf = session.get(txnPage).body().replaceAll("(?s).*name=\"csrf\" value=\"([^\"]+)\".*", "$1");
        session.post("/auth/authorize", Map.of("txn", txn, "csrf", csrf, "action", "login",
                "username", "patient", "password", "demo-patient"));
        String consent = session.get(txnPage).body();
        assertEquals(List.of("openid", "fhirUser", "patient/Condition.rs", "patient/Observation.read"),
                PageSession.checkedScopes(consent), "launch/patient is locked, the others checked");
        assertTrue(consent.contains("value=\"patient/Observation.rs?category=http://terminology.hl7.org/"
                + "CodeSystem/observation-category|laboratory\""), consent);
        assertTrue(consent.contains("value=\"patient/Condition.rs?category=http://hl7.org/fhir/us/core/"
                + "CodeSystem/condition-category|health-concern\""), consent);
    }

    @Test
    void authorizationRequestsMayBePosted() {
        PageSession session = new PageSession(server);
        PageSession.Page page = session.post("/auth/authorize", SmartApp.form(params()));
        assertEquals(303, page.status(), page.body());
        assertTrue(page.location().startsWith("/auth/authorize?txn="), page.location());
        assertTrue(session.get(page.location()).body().contains("name=\"password\""));
    }

    @Test
    void clientWithoutTheAuthorizationCodeGrantIsUnauthorizedClient() {
        String redirect = "http://localhost:" + SmartApp.freePort() + "/cb";
        Http.Response registered = http.postJson(server.rootUrl() + "/auth/register", """
                {"redirect_uris": ["%s"], "token_endpoint_auth_method": "none", "grant_types": ["refresh_token"]}"""
                .formatted(redirect));
        assertEquals(201, registered.status(), registered.body());
        Map<String, String> params = params();
        params.put("client_id", registered.json().path("client_id").asText());
        params.put("redirect_uri", redirect);
        PageSession.Page page = authorize(params);
        assertEquals(302, page.status(), page.body());
        assertTrue(page.location().startsWith(redirect + "?"), page.location());
        assertEquals("unauthorized_client", PageSession.param(page.location(), "error"));
        assertEquals(params.get("state"), PageSession.param(page.location(), "state"));
    }
}
