package io.github.hapismart.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Federated login in headless Chromium against a real, independent OpenID Connect provider
 * ({@link UpstreamLoginProvider}): a practitioner and a patient sign in there and get tokens for the FHIR user their
 * identifiers map to; every way the sign-in can go wrong (an upstream error, a forged state, a tampered id_token, a
 * provider that does not answer, a user that maps to nobody) ends on a page of this server that says so, with no
 * code sent to the app. The management page offers the same sign-in and comes back to itself, signed in.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FederatedLoginTest {

    private static final String PATIENT_SCOPE = "launch/patient openid fhirUser patient/*.rs";
    private static final String USER_SCOPE = "openid fhirUser user/Practitioner.rs";

    private final Http http = new Http();
    private final ObjectMapper json = new ObjectMapper();
    private UpstreamLoginProvider upstream;
    private SampleServerFixture server;
    private Path configDir;
    private Path providers;
    private SmartApp app;
    private Browser browser;
    private ChromeDriver driver;

    @BeforeAll
    void start() throws IOException, com.nimbusds.jose.JOSEException {
        upstream = UpstreamLoginProvider.start(Map.of());
        configDir = Files.createTempDirectory("smart-federation-");
        com.nimbusds.jose.jwk.RSAKey key = new com.nimbusds.jose.jwk.gen.RSAKeyGenerator(2048).keyID("smart-server-1")
                .generate();
        Path privateKey = configDir.resolve("upstream-client-key.json");
        Files.writeString(privateKey, key.toJSONString(), StandardCharsets.UTF_8);
        providers = configDir.resolve("identity-providers.properties");
        Files.writeString(providers, String.join("\n",
                "identity-provider.hospital.name=Hospital IdP",
                "identity-provider.hospital.issuer=" + upstream.issuer(),
                "identity-provider.hospital.client-id=" + UpstreamLoginProvider.CLIENT_ID,
                "identity-provider.hospital.client-secret=" + UpstreamLoginProvider.CLIENT_SECRET,
                "identity-provider.hospital.scopes=openid profile smart",
                "identity-provider.hospital.prompt=login",
                "identity-provider.hospital.fhir-user=search:"
                        + "Practitioner?identifier=http://hl7.org/fhir/sid/us-npi|{npi} "
                        + "Patient?identifier=urn:oid:hapismart.demo.mrn|{mrn}",
                "identity-provider.hospital-jwt.name=Hospital IdP (key)",
                "identity-provider.hospital-jwt.issuer=" + upstream.issuer(),
                "identity-provider.hospital-jwt.client-id=" + UpstreamLoginProvider.JWT_CLIENT_ID,
                "identity-provider.hospital-jwt.client-auth=private_key_jwt",
                "identity-provider.hospital-jwt.private-key-file=" + privateKey,
                "identity-provider.hospital-jwt.scopes=openid profile smart",
                "identity-provider.hospital-jwt.prompt=login",
                "identity-provider.hospital-jwt.fhir-user=search:"
                        + "Practitioner?identifier=http://hl7.org/fhir/sid/us-npi|{npi}",
                "identity-provider.offline.name=Offline IdP",
                "identity-provider.offline.issuer=http://127.0.0.1:" + SampleServerFixture.freePort(),
                "identity-provider.offline.client-id=nobody",
                "identity-provider.offline.client-secret=nothing",
                "identity-provider.offline.fhir-user=claim:fhirUser",
                "upstream-timeout=PT3S", ""), StandardCharsets.UTF_8);
        server = SampleServerFixture.start(options -> options.withIdentityProviders(providers));
        upstream.registerClients(server.rootUrl() + "/auth/upstream/callback", key.toPublicJWK().toJSONString());
        app = SmartApp.registerPublic(http, server, PATIENT_SCOPE + " online_access user/Practitioner.rs");
        browser = Browser.start();
        driver = browser.driver();
    }

    @AfterAll
    void stop() throws IOException {
        if (browser != null) {
            browser.close();
        }
        if (server != null) {
            server.close();
        }
        if (upstream != null) {
            upstream.close();
        }
        try (var files = Files.walk(configDir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    @BeforeEach
    void freshBrowserAndNormalProvider() {
        upstream.mode("normal");
        driver.get(server.rootUrl() + "/auth/logout");
        driver.manage().deleteAllCookies();
    }

    private SmartApp.Attempt open(String scope) {
        SmartApp.Attempt attempt = SmartApp.attempt();
        driver.get(app.authorizeUrl(app.authorizeParams(scope, attempt)));
        return attempt;
    }

    /** Clicks "Sign in with Hospital IdP" and waits for the provider's own login page. */
    private void goUpstream() {
        goUpstream("hospital");
    }

    private void goUpstream(String providerId) {
        WebElement button = driver.findElement(By.id("external-login-" + providerId));
        assertTrue(button.getText().startsWith("Sign in with Hospital IdP"), button.getText());
        button.click();
        waitFor().until(d -> d.getCurrentUrl().startsWith(upstream.issuer())
                && !d.findElements(By.name("login")).isEmpty());
    }

    /** Signs in at the provider as {@code login} and waits to be back at this server. */
    private void signInUpstream(String login) {
        signInUpstream("hospital", login);
    }

    private void signInUpstream(String providerId, String login) {
        goUpstream(providerId);
        driver.findElement(By.name("login")).sendKeys(login);
        driver.findElement(By.name("password")).sendKeys("any password: the provider's own check");
        driver.findElement(By.cssSelector("button.login-submit")).click();
        waitFor().until(d -> d.getCurrentUrl().startsWith(server.rootUrl()));
    }

    private WebDriverWait waitFor() {
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(20));
        wait.ignoring(WebDriverException.class);
        return wait;
    }

    private String approve() {
        WebElement button = driver.findElement(By.cssSelector("button[name=decision][value=approve]"));
        button.click();
        waitFor().until(d -> d.getCurrentUrl().startsWith(app.redirectUri()));
        return driver.getCurrentUrl();
    }

    private JsonNode exchange(String location, SmartApp.Attempt attempt) {
        assertEquals(attempt.state(), PageSession.param(location, "state"), location);
        Http.Response response = app.exchange(PageSession.param(location, "code"), attempt.verifier());
        assertEquals(200, response.status(), response.body());
        return response.json();
    }

    private JsonNode idTokenClaims(JsonNode tokens) throws IOException {
        String payload = tokens.path("id_token").asText().split("\\.")[1];
        return json.readTree(Base64.getUrlDecoder().decode(payload));
    }

    private String localFhirUser(String username) {
        return server.server().application().plugin().authorizationServer().users().findByUsername(username)
                .orElseThrow().fhirUser();
    }

    private String failurePage() {
        waitFor().until(ExpectedConditions.presenceOfElementLocated(By.id("error-message")));
        assertFalse(driver.getCurrentUrl().startsWith(app.redirectUri()), "nothing reaches the app");
        return driver.findElement(By.id("error-message")).getText();
    }

    @Test
    void practitionerSignsInUpstreamAndGetsTokensForThePractitionerTheirNpiFinds() throws IOException {
        SmartApp.Attempt attempt = open(USER_SCOPE);
        assertFalse(driver.findElements(By.name("password")).isEmpty(), "the password form stays beside it");
        signInUpstream("dr-upstream");
        JsonNode tokens = exchange(approve(), attempt);
        String practitioner = localFhirUser("practitioner");
        assertEquals(server.fhirBase() + "/" + practitioner, idTokenClaims(tokens).path("fhirUser").asText());
        Http.Response read = http.get(server.fhirBase() + "/" + practitioner, "Authorization",
                "Bearer " + tokens.path("access_token").asText(), "Accept", "application/fhir+json");
        assertEquals(200, read.status(), read.body());
    }

    @Test
    void theServerCanAuthenticateAtTheProviderWithAPrivateKeyJwt() throws IOException {
        SmartApp.Attempt attempt = open(USER_SCOPE);
        signInUpstream("hospital-jwt", "dr-upstream");
        JsonNode tokens = exchange(approve(), attempt);
        assertEquals(server.fhirBase() + "/" + localFhirUser("practitioner"),
                idTokenClaims(tokens).path("fhirUser").asText());
    }

    @Test
    void patientSignsInUpstreamAndGetsTheirOwnRecordWithoutAPicker() throws IOException {
        SmartApp.Attempt attempt = open(PATIENT_SCOPE);
        signInUpstream("pat-upstream");
        assertTrue(driver.findElements(By.name("patient")).isEmpty(), "no picker for a patient user");
        JsonNode tokens = exchange(approve(), attempt);
        String patient = localFhirUser("patient");
        assertEquals(server.fhirBase() + "/" + patient, idTokenClaims(tokens).path("fhirUser").asText());
        assertEquals(patient.substring("Patient/".length()), tokens.path("patient").asText());
    }

    @Test
    void userWhoMapsToNoFhirUserIsToldSoAndGetsNothing() {
        open(PATIENT_SCOPE);
        signInUpstream("stranger");
        assertTrue(failurePage().contains("not linked to a user of this FHIR server"));
        assertTrue(server.server().application().plugin().authorizationServer().users()
                .findByUsername("hospital:stranger").isEmpty(), "no account is made for an unmapped user");
    }

    @Test
    void anErrorAnswerFromTheProviderEndsOnAnErrorPage() {
        open(PATIENT_SCOPE);
        goUpstream();
        driver.findElement(By.linkText("[ Cancel ]")).click();
        String message = failurePage();
        assertTrue(message.contains("Hospital IdP did not sign you in (access_denied"), message);
        assertFalse(driver.findElements(By.id("back-to-login")).isEmpty(), "it offers the sign-in page again");
    }

    @Test
    void aCallbackWithAStateThisBrowserDidNotStartIsRefused() {
        open(PATIENT_SCOPE);
        driver.get(server.rootUrl() + "/auth/upstream/callback?code=stolen-code&state=forged-state");
        assertTrue(failurePage().contains("not for a sign-in started in this browser"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', value = {
            "wrong-nonce; the id_token's nonce is not the one this server sent",
            "wrong-audience; the id_token is not meant for this server",
            "wrong-issuer; the id_token was issued by https://idp.elsewhere.example",
            "expired; the id_token has expired",
            "foreign-signature; the id_token's signature does not match the provider's keys"})
    void anIdTokenThatDoesNotCheckOutIsRefused(String mode, String expected) {
        upstream.mode(mode);
        open(PATIENT_SCOPE);
        signInUpstream("pat-upstream");
        String message = failurePage();
        assertTrue(message.startsWith("Sign-in with Hospital IdP failed: " + expected), message);
    }

    @Test
    void aTokenEndpointThatDoesNotAnswerEndsOnAnErrorPage() {
        upstream.mode("slow-token");
        open(PATIENT_SCOPE);
        signInUpstream("pat-upstream");
        String message = failurePage();
        assertTrue(message.contains("its token endpoint did not answer within 3 s"), message);
    }

    @Test
    void aProviderThatIsDownIsReportedOnTheLoginPage() {
        open(PATIENT_SCOPE);
        WebElement button = driver.findElement(By.id("external-login-offline"));
        button.click();
        waitFor().until(ExpectedConditions.stalenessOf(button));
        assertTrue(driver.getCurrentUrl().startsWith(server.rootUrl()), driver.getCurrentUrl());
        assertEquals("Offline IdP does not answer. Please try again later.",
                driver.findElement(By.cssSelector("p.error")).getText());
    }

    @Test
    void loggingOutEndsTheFederatedSessionsOnlineAccess() {
        SmartApp.Attempt attempt = open(PATIENT_SCOPE + " online_access");
        signInUpstream("pat-upstream");
        JsonNode tokens = exchange(approve(), attempt);
        String refreshToken = tokens.path("refresh_token").asText();
        assertFalse(refreshToken.isEmpty(), "online_access gives a refresh token");
        assertEquals(200, app.refresh(refreshToken, null).status());
        driver.get(server.rootUrl() + "/auth/logout");
        WebElement logout = driver.findElement(By.id("logout"));
        logout.click();
        waitFor().until(ExpectedConditions.stalenessOf(logout));
        JsonNode refreshed = app.refresh(refreshToken, null).json();
        assertEquals("invalid_grant", refreshed.path("error").asText(), refreshed.toString());
    }

    @Test
    void practitionerSignsInUpstreamOnTheManagementPageAndRevokesTheirGrant() {
        SmartApp manageApp = SmartApp.registerPublic(http, server, USER_SCOPE + " online_access");
        SmartApp.Attempt attempt = SmartApp.attempt();
        driver.get(manageApp.authorizeUrl(manageApp.authorizeParams(USER_SCOPE + " online_access", attempt)));
        signInUpstream("dr-upstream");
        driver.findElement(By.cssSelector("button[name=decision][value=approve]")).click();
        waitFor().until(d -> d.getCurrentUrl().startsWith(manageApp.redirectUri()));
        Http.Response exchanged = manageApp.exchange(PageSession.param(driver.getCurrentUrl(), "code"),
                attempt.verifier());
        assertEquals(200, exchanged.status(), exchanged.body());
        String refreshToken = exchanged.json().path("refresh_token").asText();
        // A new browser visit: the login session of the launch stays alive (its online_access with it), unknown here.
        // Cookies are deleted for the page's site, so be on this server first.
        driver.get(server.rootUrl() + "/auth/manage");
        driver.manage().deleteAllCookies();

        driver.get(server.rootUrl() + "/auth/manage");
        signInUpstream("dr-upstream");
        waitFor().until(d -> d.getCurrentUrl().equals(server.rootUrl() + "/auth/manage")
                && !d.findElements(By.className("who")).isEmpty());
        assertEquals("Signed in as hospital:dr-upstream", driver.findElement(By.className("who")).getText());
        List<WebElement> lines = driver.findElements(By.cssSelector(
                "section.app[data-client='" + manageApp.clientId() + "'] tr.grant"));
        assertEquals(1, lines.size(), driver.getPageSource());
        assertEquals(200, manageApp.refresh(refreshToken, null).status(), "the grant still holds before revoking");

        WebElement revoke = lines.get(0).findElement(By.cssSelector("button[name=grant]"));
        revoke.click();
        waitFor().until(ExpectedConditions.stalenessOf(revoke));
        assertTrue(driver.findElements(By.cssSelector("section.app[data-client='" + manageApp.clientId() + "']"))
                .isEmpty(), driver.getPageSource());
        JsonNode refused = manageApp.refresh(refreshToken, null).json();
        assertEquals("invalid_grant", refused.path("error").asText(), refused.toString());
    }

    @Test
    void aFailedSignInFromTheManagementPageLeadsBackToTheManagementPage() {
        driver.get(server.rootUrl() + "/auth/manage");
        goUpstream();
        driver.findElement(By.linkText("[ Cancel ]")).click();
        assertTrue(failurePage().contains("Hospital IdP did not sign you in (access_denied"));
        assertEquals(server.rootUrl() + "/auth/manage",
                driver.findElement(By.id("back-to-login")).getAttribute("href"));
    }

    @Test
    void withPasswordLoginOffTheManagementPageOffersOnlyTheProviders() throws IOException {
        Path onlyProviders = configDir.resolve("only-providers.properties");
        Files.writeString(onlyProviders, Files.readString(providers) + "password-login=false\n");
        try (SampleServerFixture other = SampleServerFixture.start(o -> o.withIdentityProviders(onlyProviders))) {
            driver.get(other.rootUrl() + "/auth/manage");
            assertEquals("Sign in with Hospital IdP", driver.findElement(By.id("external-login-hospital")).getText());
            assertTrue(driver.findElements(By.name("password")).isEmpty(), driver.getPageSource());
        }
    }

    /** The upstream-login events about {@code subject} at the provider, once one matches {@code outcome}. */
    private JsonNode upstreamLoginEvent(String subject, String outcome) throws InterruptedException {
        String auditor = server.server().application().plugin().authorizationServer().accessTokens().issue(
                new io.github.hapismart.token.AccessTokenService.TokenRequest("audit-officer", "audit-officer",
                        io.github.hapismart.scope.ScopeSet.parse("system/AuditEvent.rs"), java.util.Optional.empty(),
                        java.util.Optional.empty(), java.util.Optional.empty(), Duration.ofMinutes(5),
                        java.util.Optional.empty())).value();
        java.time.Instant deadline = java.time.Instant.now().plusSeconds(30);
        while (java.time.Instant.now().isBefore(deadline)) {
            Http.Response found = http.get(server.fhirBase() + "/AuditEvent?subtype="
                    + java.net.URLEncoder.encode("urn:hapismart:audit-event|upstream-login", StandardCharsets.UTF_8)
                    + "&_sort=-date&_count=100", "Authorization", "Bearer " + auditor,
                    "Accept", "application/fhir+json");
            assertEquals(200, found.status(), found.body());
            for (JsonNode entry : found.json().path("entry")) {
                JsonNode event = entry.path("resource");
                if (subject.equals(upstreamDetail(event, "upstream_subject"))
                        && outcome.equals(event.path("outcome").asText())) {
                    return event;
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no upstream-login event for " + subject + " with outcome " + outcome);
    }

    private static String upstreamDetail(JsonNode event, String type) {
        for (JsonNode entity : event.path("entity")) {
            for (JsonNode detail : entity.path("detail")) {
                if (type.equals(detail.path("type").asText())) {
                    return detail.path("valueString").asText();
                }
            }
        }
        return null;
    }

    @Test
    void aFederatedLoginIsRecordedWithTheProvidersIssuerAndSubjectAndNoToken() throws Exception {
        SmartApp.Attempt attempt = open(USER_SCOPE);
        signInUpstream("dr-upstream");
        JsonNode tokens = exchange(approve(), attempt);

        JsonNode event = upstreamLoginEvent("dr-upstream", "0");
        assertEquals("110114", event.path("type").path("code").asText());
        assertEquals("upstream-login", event.path("subtype").get(0).path("code").asText());
        assertEquals("110122", event.path("subtype").get(1).path("code").asText());
        assertEquals("E", event.path("action").asText());
        assertEquals("hospital", upstreamDetail(event, "provider"));
        assertEquals(upstream.issuer(), upstreamDetail(event, "upstream_issuer"));
        JsonNode user = null;
        for (JsonNode agent : event.path("agent")) {
            if (agent.path("requestor").asBoolean()) {
                user = agent;
            }
        }
        assertEquals("hospital:dr-upstream", user.path("who").path("identifier").path("value").asText());
        assertEquals(localFhirUser("practitioner"), user.path("who").path("reference").asText());
        assertEquals("authserver", event.path("agent").get(event.path("agent").size() - 1).path("type")
                .path("coding").get(0).path("code").asText());
        String request = null;
        for (JsonNode entity : event.path("entity")) {
            if ("24".equals(entity.path("role").path("code").asText())) {
                request = entity.path("description").asText();
            }
        }
        assertEquals("GET /auth/upstream/callback", request);
        assertFalse(event.toString().contains(tokens.path("id_token").asText()), "no token is recorded");
        assertFalse(event.toString().contains(tokens.path("access_token").asText()), "no token is recorded");
    }

    @Test
    void aFederatedLoginOfAnUnmappedUserIsRecordedAsAFailure() throws Exception {
        open(PATIENT_SCOPE);
        signInUpstream("stranger");
        failurePage();

        JsonNode event = upstreamLoginEvent("stranger", "4");
        assertEquals("upstream-login", event.path("subtype").get(0).path("code").asText());
        assertTrue(event.path("outcomeDesc").asText().contains("not linked to a user of this FHIR server"),
                event.toString());
        assertEquals(upstream.issuer(), upstreamDetail(event, "upstream_issuer"));
        assertFalse(event.toString().contains("hospital:stranger"), "no local account is named");
    }
}
