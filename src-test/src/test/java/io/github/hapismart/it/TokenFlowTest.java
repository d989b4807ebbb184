package io.github.hapismart.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.github.hapismart.SmartAuthorizationServer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The authorization_code and refresh_token grants over HTTP (pages walked without a browser): the token response
 * with launch context and id_token, every binding of the code, single use with revocation on replay, refresh
 * narrowing, rotation and revocation.
 */
@ExtendWith(SharedServer.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TokenFlowTest {

    private static final String SCOPE = "launch/patient openid fhirUser profile offline_access patient/*.rs";
    private final Http http = new Http();
    private SampleServerFixture server;
    private SmartApp app;
    private String patientUserId;

    @BeforeAll
    void register(SampleServerFixture server) {
        this.server = server;
        this.app = SmartApp.registerConfidential(http, server, SCOPE + " online_access");
        this.patientUserId = authorizationServer().users().findByUsername("patient").orElseThrow().fhirUserId();
    }

    private SmartAuthorizationServer authorizationServer() {
        return server.server().application().plugin().authorizationServer();
    }

    /** Walks the pages as the patient user and returns the code. */
    private String code(String scope, SmartApp.Attempt attempt) {
        return code(new PageSession(server), scope, attempt);
    }

    private String code(PageSession session, String scope, SmartApp.Attempt attempt) {
        String location = session.authorize(app.authorizeUrl(app.authorizeParams(scope, attempt)),
                "patient", "demo-patient", null, checked -> checked);
        assertEquals(attempt.state(), PageSession.param(location, "state"), location);
        return PageSession.param(location, "code");
    }

    private JsonNode tokens(String scope) {
        SmartApp.Attempt attempt = SmartApp.attempt();
        Http.Response response = app.exchange(code(scope, attempt), attempt.verifier());
        assertEquals(200, response.status(), response.body());
        return response.json();
    }

    @Test
    void patientUserGetsTokensWithOwnPatientContextAndAVerifiableIdToken() throws Exception {
        SmartApp.Attempt attempt = SmartApp.attempt();
        Http.Response response = app.exchange(code(SCOPE, attempt), attempt.verifier());
        assertEquals(200, response.status(), response.body());
        assertEquals("no-store", response.header("Cache-Control"));
        assertEquals("no-cache", response.header("Pragma"));
        JsonNode body = response.json();
        assertEquals("Bearer", body.path("token_type").asText());
        assertEquals(3600, body.path("expires_in").asInt());
        assertEquals(SCOPE, body.path("scope").asText());
        assertEquals(patientUserId, body.path("patient").asText());
        assertFalse(body.path("refresh_token").asText().isEmpty());

        SignedJWT idToken = SignedJWT.parse(body.path("id_token").asText());
        assertEquals(JWSAlgorithm.RS256, idToken.getHeader().getAlgorithm());
        JWKSet jwks = JWKSet.parse(http.get(server.rootUrl() + "/auth/jwks").body());
        RSAKey key = (RSAKey) jwks.getKeyByKeyId(idToken.getHeader().getKeyID());
        assertTrue(idToken.verify(new RSASSAVerifier(key)), "id_token signature must verify against the JWKS");
        JWTClaimsSet claims = idToken.getJWTClaimsSet();
        assertEquals(server.fhirBase(), claims.getIssuer());
        assertEquals(List.of(app.clientId()), claims.getAudience());
        assertEquals("patient", claims.getSubject());
        assertEquals(attempt.nonce(), claims.getStringClaim("nonce"));
        assertEquals(server.fhirBase() + "/Patient/" + patientUserId, claims.getStringClaim("fhirUser"));
        assertTrue(claims.getExpirationTime().toInstant().isAfter(Instant.now()));
        assertTrue(claims.getIssueTime().toInstant().isBefore(Instant.now().plusSeconds(5)));

        Http.Response own = http.get(server.fhirBase() + "/Patient/" + patientUserId,
                "Authorization", "Bearer " + body.path("access_token").asText(), "Accept", "application/fhir+json");
        assertEquals(200, own.status(), own.body());
    }

    @Test
    void codesAndRefreshTokensAreStoredOnlyAsHashes() {
        SmartApp.Attempt attempt = SmartApp.attempt();
        String code = code(SCOPE, attempt);
        JsonNode body = app.exchange(code, attempt.verifier()).json();
        String refresh = body.path("refresh_token").asText();
        var db = authorizationServer().database();
        assertEquals(0, db.query("SELECT code_hash FROM smart_authorization_code WHERE code_hash = ?",
                row -> row.getString(1), code).size());
        assertEquals(0, db.query("SELECT token_hash FROM smart_refresh_token WHERE token_hash = ?",
                row -> row.getString(1), refresh).size());
        assertEquals(1, db.query("SELECT token_hash FROM smart_refresh_token WHERE token_hash = ?",
                row -> row.getString(1), io.github.hapismart.store.TokenHashing.hash(refresh)).size());
    }

    @Test
    void wrongCodeVerifierIsInvalidGrant() {
        SmartApp.Attempt attempt = SmartApp.attempt();
        Http.Response response = app.exchange(code(SCOPE, attempt), SmartApp.attempt().verifier());
        assertEquals(400, response.status(), response.body());
        assertEquals("invalid_grant", response.json().path("error").asText());
    }

    @Test
    void missingCodeVerifierIsInvalidGrant() {
        SmartApp.Attempt attempt = SmartApp.attempt();
        Http.Response response = app.exchange(code(SCOPE, attempt), null);
        assertEquals("invalid_grant", response.json().path("error").asText());
    }

    @Test
    void redirectUriMustMatchTheAuthorizationRequest() {
        SmartApp.Attempt attempt = SmartApp.attempt();
        Http.Response response = app.token(Map.of("grant_type", "authorization_code",
                "code", code(SCOPE, attempt), "redirect_uri", "http://localhost:1/other",
                "code_verifier", attempt.verifier()));
        assertEquals("invalid_grant", response.json().path("error").asText(), response.body());
    }

    @Test
    void aCodeCannotBeRedeemedByAnotherClient() {
        SmartApp.Attempt attempt = SmartApp.attempt();
        String code = code(SCOPE, attempt);
        SmartApp other = SmartApp.registerConfidential(http, server, SCOPE);
        Http.Response response = other.exchange(code, attempt.verifier());
        assertEquals("invalid_grant", response.json().path("error").asText(), response.body());
    }

    @Test
    void reusedCodeIsInvalidGrantAndRevokesWhatTheFirstUseIssued() {
        SmartApp.Attempt attempt = SmartApp.attempt();
        String code = code(SCOPE, attempt);
        JsonNode first = app.exchange(code, attempt.verifier()).json();
        String access = first.path("access_token").asText();
        String refresh = first.path("refresh_token").asText();
        assertTrue(app.introspect(access).json().path("active").asBoolean());
        assertTrue(app.introspect(refresh).json().path("active").asBoolean());

        Http.Response second = app.exchange(code, attempt.verifier());
        assertEquals(400, second.status());
        assertEquals("invalid_grant", second.json().path("error").asText());

        assertFalse(app.introspect(access).json().path("active").asBoolean(), "access token must be revoked");
        assertFalse(app.introspect(refresh).json().path("active").asBoolean(), "refresh token must be revoked");
        Http.Response api = http.get(server.fhirBase() + "/Patient/" + patientUserId,
                "Authorization", "Bearer " + access, "Accept", "application/fhir+json");
        assertEquals(401, api.status());
        assertEquals("invalid_grant", app.refresh(refresh, null).json().path("error").asText());
    }

    @Test
    void refreshReturnsANewAccessTokenAndRotatesTheRefreshToken() {
        JsonNode first = tokens(SCOPE);
        Http.Response refreshed = app.refresh(first.path("refresh_token").asText(), null);
        assertEquals(200, refreshed.status(), refreshed.body());
        assertEquals(SCOPE, refreshed.json().path("scope").asText());
        assertEquals(patientUserId, refreshed.json().path("patient").asText());
        assertNotEquals(first.path("access_token").asText(), refreshed.json().path("access_token").asText());
        String rotated = refreshed.json().path("refresh_token").asText();
        assertNotEquals(first.path("refresh_token").asText(), rotated);
        assertEquals(200, app.refresh(rotated, null).status());
    }

    @Test
    void refreshMayNarrowTheScope() {
        JsonNode first = tokens(SCOPE);
        Http.Response narrower = app.refresh(first.path("refresh_token").asText(), "patient/Observation.rs");
        assertEquals(200, narrower.status(), narrower.body());
        assertEquals("patient/Observation.rs", narrower.json().path("scope").asText());
        JsonNode claims = app.introspect(narrower.json().path("access_token").asText()).json();
        assertEquals("patient/Observation.rs", claims.path("scope").asText());
    }

    @Test
    void refreshAskingForABroaderScopeIsInvalidScope() {
        JsonNode first = tokens("launch/patient openid offline_access patient/Observation.rs");
        Http.Response broader = app.refresh(first.path("refresh_token").asText(), "patient/*.rs");
        assertEquals(400, broader.status());
        assertEquals("invalid_scope", broader.json().path("error").asText());
    }

    @Test
    void revokedRefreshTokenIsInvalidGrantAndItsAccessTokensStopWorking() {
        JsonNode first = tokens(SCOPE);
        String refresh = first.path("refresh_token").asText();
        assertTrue(app.introspect(refresh).json().path("active").asBoolean());
        assertEquals(200, app.revoke(refresh).status());
        assertFalse(app.introspect(refresh).json().path("active").asBoolean());
        assertFalse(app.introspect(first.path("access_token").asText()).json().path("active").asBoolean());
        Http.Response response = app.refresh(refresh, null);
        assertEquals("invalid_grant", response.json().path("error").asText());
    }

    @Test
    void aRotatedRefreshTokenUsedAgainRevokesTheFamily() {
        JsonNode first = tokens(SCOPE);
        String original = first.path("refresh_token").asText();
        String successor = app.refresh(original, null).json().path("refresh_token").asText();
        assertEquals("invalid_grant", app.refresh(original, null).json().path("error").asText());
        assertEquals("invalid_grant", app.refresh(successor, null).json().path("error").asText());
    }

    @Test
    void anotherClientCannotUseTheRefreshToken() {
        JsonNode first = tokens(SCOPE);
        SmartApp other = SmartApp.registerConfidential(http, server, SCOPE);
        assertEquals("invalid_grant", other.refresh(first.path("refresh_token").asText(), null).json()
                .path("error").asText());
    }

    @Test
    void onlineAccessRefreshTokenEndsWithLogout() {
        PageSession browser = new PageSession(server);
        SmartApp.Attempt attempt = SmartApp.attempt();
        String scope = "launch/patient online_access patient/Patient.rs";
        JsonNode first = app.exchange(code(browser, scope, attempt), attempt.verifier()).json();
        String refresh = first.path("refresh_token").asText();
        assertFalse(refresh.isEmpty(), first.toString());
        Http.Response ok = app.refresh(refresh, null);
        assertEquals(200, ok.status(), ok.body());
        String current = ok.json().path("refresh_token").asText();

        String logoutPage = browser.get("/auth/logout").body();
        String csrf = logoutPage.replaceAll("(?s).*name=\"csrf\" value=\"([^\"]+)\".*", "$1");
        assertEquals(200, browser.post("/auth/logout", Map.of("csrf", csrf)).status());

        assertFalse(app.introspect(current).json().path("active").asBoolean());
        assertEquals("invalid_grant", app.refresh(current, null).json().path("error").asText());
    }
}
