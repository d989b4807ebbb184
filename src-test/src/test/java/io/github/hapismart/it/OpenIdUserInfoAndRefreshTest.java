package io.github.hapismart.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The OpenID Connect parts a strict relying party expects: the UserInfo endpoint (advertised, bearer-protected,
 * {@code sub} and {@code fhirUser} as the id_token has them) and a fresh id_token on refresh.
 */
@ExtendWith(SharedServer.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenIdUserInfoAndRefreshTest {

    private static final String SCOPE = "openid fhirUser profile offline_access user/Patient.rs";
    private final Http http = new Http();
    private SampleServerFixture server;
    private SmartApp app;
    private String userinfo;

    @BeforeAll
    void register(SampleServerFixture server) {
        this.server = server;
        this.app = SmartApp.registerConfidential(http, server, SCOPE + " launch/patient");
        this.userinfo = http.get(server.fhirBase() + "/.well-known/openid-configuration").json()
                .path("userinfo_endpoint").asText();
    }

    private JsonNode tokens(String scope) {
        SmartApp.Attempt attempt = SmartApp.attempt();
        String location = new PageSession(server).authorize(app.authorizeUrl(app.authorizeParams(scope, attempt)),
                "practitioner", "demo-practitioner", null, checked -> checked);
        Http.Response response = app.exchange(PageSession.param(location, "code"), attempt.verifier());
        assertEquals(200, response.status(), response.body());
        return response.json();
    }

    private static JWTClaimsSet claims(JsonNode tokens) throws Exception {
        return SignedJWT.parse(tokens.path("id_token").asText()).getJWTClaimsSet();
    }

    @Test
    void userinfoIsAdvertisedUnderTheAuthorizationServer() {
        assertEquals(server.rootUrl() + "/auth/userinfo", userinfo);
    }

    @Test
    void userinfoAnswersSubAndFhirUserAsTheIdTokenHasThem() throws Exception {
        JsonNode tokens = tokens(SCOPE);
        JWTClaimsSet idToken = claims(tokens);
        Http.Response response = http.get(userinfo, "Authorization", "Bearer " + tokens.path("access_token").asText());
        assertEquals(200, response.status(), response.body());
        assertTrue(response.header("Content-Type").startsWith("application/json"), response.header("Content-Type"));
        assertEquals(idToken.getSubject(), response.json().path("sub").asText());
        assertEquals(idToken.getStringClaim("fhirUser"), response.json().path("fhirUser").asText());
        assertTrue(response.json().path("fhirUser").asText().startsWith(server.fhirBase() + "/Practitioner/"));
        assertFalse(response.json().path("name").asText().isEmpty(), response.body());
    }

    @Test
    void userinfoAlsoAnswersPost() {
        JsonNode tokens = tokens(SCOPE);
        Http.Response response = http.postForm(userinfo, "", "Authorization",
                "Bearer " + tokens.path("access_token").asText());
        assertEquals(200, response.status(), response.body());
    }

    @Test
    void userinfoLeavesOutFhirUserWhenThatScopeWasNotGranted() {
        JsonNode tokens = tokens("openid user/Patient.rs");
        Http.Response response = http.get(userinfo, "Authorization", "Bearer " + tokens.path("access_token").asText());
        assertEquals(200, response.status(), response.body());
        assertFalse(response.json().has("fhirUser"), response.body());
        assertFalse(response.json().has("name"), response.body());
    }

    @Test
    void userinfoWithoutATokenIs401WithABareBearerChallenge() {
        Http.Response response = http.get(userinfo);
        assertEquals(401, response.status(), response.body());
        assertEquals("Bearer realm=\"userinfo\"", response.header("WWW-Authenticate"));
    }

    @Test
    void userinfoWithAnInvalidTokenIs401InvalidToken() {
        Http.Response response = http.get(userinfo, "Authorization", "Bearer not-a-token");
        assertEquals(401, response.status(), response.body());
        assertTrue(response.header("WWW-Authenticate").contains("error=\"invalid_token\""),
                response.header("WWW-Authenticate"));
        assertEquals("invalid_token", response.json().path("error").asText());
    }

    @Test
    void userinfoWithARevokedTokenIs401() {
        JsonNode tokens = tokens(SCOPE);
        String access = tokens.path("access_token").asText();
        assertEquals(200, app.revoke(access).status());
        Http.Response response = http.get(userinfo, "Authorization", "Bearer " + access);
        assertEquals(401, response.status(), response.body());
    }

    @Test
    void userinfoWithATokenWithoutOpenidIs403InsufficientScope() {
        JsonNode tokens = tokens("fhirUser user/Patient.rs");
        Http.Response response = http.get(userinfo, "Authorization", "Bearer " + tokens.path("access_token").asText());
        assertEquals(403, response.status(), response.body());
        assertTrue(response.header("WWW-Authenticate").contains("error=\"insufficient_scope\""),
                response.header("WWW-Authenticate"));
    }

    @Test
    void refreshOfAnOpenidGrantReturnsAFreshIdTokenForTheSameUserWithoutNonce() throws Exception {
        JsonNode tokens = tokens(SCOPE);
        JWTClaimsSet first = claims(tokens);
        Http.Response refreshed = app.refresh(tokens.path("refresh_token").asText(), null);
        assertEquals(200, refreshed.status(), refreshed.body());
        JWTClaimsSet fresh = claims(refreshed.json());
        assertEquals(first.getIssuer(), fresh.getIssuer());
        assertEquals(first.getSubject(), fresh.getSubject());
        assertEquals(first.getAudience(), fresh.getAudience());
        assertEquals(first.getClaim("auth_time"), fresh.getClaim("auth_time"));
        assertEquals(first.getStringClaim("fhirUser"), fresh.getStringClaim("fhirUser"));
        assertTrue(first.getStringClaim("nonce") != null);
        assertEquals(null, fresh.getStringClaim("nonce"));
    }

    @Test
    void refreshWithoutOpenidReturnsNoIdToken() {
        JsonNode tokens = tokens(SCOPE);
        Http.Response refreshed = app.refresh(tokens.path("refresh_token").asText(), "offline_access user/Patient.rs");
        assertEquals(200, refreshed.status(), refreshed.body());
        assertFalse(refreshed.json().has("id_token"), refreshed.body());
    }
}
