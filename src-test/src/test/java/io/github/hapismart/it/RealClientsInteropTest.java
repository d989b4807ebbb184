package io.github.hapismart.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.hapismart.client.ClientRepository;
import io.github.hapismart.client.RegisteredClient;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Clients written by other people, used unchanged against the sample server: SMART's JavaScript client library
 * {@code fhirclient} in a browser page (standalone launch, and EHR launch from the {@code /ehr} simulator), and the
 * certified OpenID Connect relying party {@code openid-client} (discovery, code flow with PKCE, id_token validation,
 * refresh).
 */
@ExtendWith(SharedServer.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RealClientsInteropTest {

    private static final String FHIRCLIENT_SCOPE = "launch/patient openid fhirUser patient/*.rs";
    private static final String EHR_SCOPE = "launch openid fhirUser patient/*.rs";
    private final Http http = new Http();
    private final ObjectMapper json = new ObjectMapper();
    private SampleServerFixture server;
    private StaticAppServer appServer;
    private Browser browser;
    private ChromeDriver driver;
    private String clientId;

    @BeforeAll
    void start(SampleServerFixture server) {
        this.server = server;
        this.appServer = new StaticAppServer();
        this.browser = Browser.start();
        this.driver = browser.driver();
        String launchUrl = appServer.appUrl() + "launch.html?client_id=CLIENT&scope="
                + URLEncoder.encode(EHR_SCOPE, StandardCharsets.UTF_8);
        Http.Response registered = http.postJson(server.rootUrl() + "/auth/register", """
                {"client_name": "fhirclient interop app", "token_endpoint_auth_method": "none",
                 "grant_types": ["authorization_code"], "redirect_uris": ["%s"],
                 "scope": "launch launch/patient openid fhirUser patient/*.rs"}"""
                .formatted(appServer.appUrl() + "index.html"));
        assertEquals(201, registered.status(), registered.body());
        clientId = registered.json().path("client_id").asText();
        // The app's EHR launch URL carries the client id (known only now) and the scope for fhirclient; an
        // administrator sets it on the registered client, as the EHR simulator lists apps that have one.
        ClientRepository clients = server.server().application().plugin().authorizationServer().clients();
        RegisteredClient client = clients.findById(clientId).orElseThrow();
        clients.save(new RegisteredClient(client.clientId(), client.clientName(), client.authMethod(),
                client.secretHash(), client.redirectUris(), client.grantTypes(), client.scope(), client.jwks(),
                client.jwksUri(), Optional.of(URI.create(launchUrl.replace("CLIENT", clientId))), client.createdAt()));
    }

    @AfterAll
    void stop() {
        browser.close();
        appServer.close();
    }

    @BeforeEach
    void forgetLogin() {
        driver.get(server.rootUrl() + "/auth/logout");
        driver.manage().deleteAllCookies();
    }

    /** The demo patient user's own Patient id (MRN demo-1). */
    private String demoPatientId() {
        return server.server().application().plugin().authorizationServer().users().findByUsername("patient")
                .orElseThrow().fhirUserId();
    }

    private void login(String username, String password) {
        new WebDriverWait(driver, Duration.ofSeconds(20)).until(d -> !d.findElements(By.name("username")).isEmpty());
        driver.findElement(By.name("username")).sendKeys(username);
        driver.findElement(By.name("password")).sendKeys(password);
        driver.findElement(By.id("login")).click();
        // The next page has no login button. Chromium can answer a query about the old page's nodes with an
        // inspector error while the new page loads, so such errors only mean "not yet".
        new WebDriverWait(driver, Duration.ofSeconds(20)).ignoring(WebDriverException.class)
                .until(d -> d.findElements(By.id("login")).isEmpty());
    }

    private void approve() {
        WebElement approve = new WebDriverWait(driver, Duration.ofSeconds(20)).ignoring(WebDriverException.class)
                .until(ExpectedConditions.elementToBeClickable(By.cssSelector("button[name=decision][value=approve]")));
        approve.click();
    }

    /** What the test app page shows once fhirclient has completed the launch and read the data. */
    private JsonNode appResult() throws Exception {
        WebElement result = new WebDriverWait(driver, Duration.ofSeconds(30)).ignoring(WebDriverException.class)
                .until(d -> {
            WebElement element = d.findElements(By.id("result")).stream().findFirst().orElse(null);
            return element != null && !element.getText().equals("waiting") ? element : null;
        });
        String text = result.getText();
        assertFalse(text.startsWith("ERROR"), text);
        return json.readTree(text);
    }

    @Test
    void fhirclientStandaloneLaunchReadsThePatientAndSearchesObservations() throws Exception {
        driver.get(appServer.appUrl() + "launch.html?iss=" + URLEncoder.encode(server.fhirBase(), StandardCharsets.UTF_8)
                + "&client_id=" + clientId + "&scope=" + URLEncoder.encode(FHIRCLIENT_SCOPE, StandardCharsets.UTF_8));
        login("patient", "demo-patient");
        approve();
        JsonNode result = appResult();
        String patient = demoPatientId();
        assertEquals(patient, result.path("patientId").asText());
        assertEquals(patient, result.path("tokenPatient").asText());
        assertTrue(result.path("observationCount").asInt() >= 6, result.toString());
        assertEquals(1, result.path("observationSubjects").size(), result.toString());
        assertEquals("Patient/" + patient, result.path("observationSubjects").get(0).asText());
        assertEquals(FHIRCLIENT_SCOPE, result.path("scope").asText());
    }

    @Test
    void fhirclientEhrLaunchFromTheEhrSimulator() throws Exception {
        String patient = demoPatientId();
        driver.get(server.rootUrl() + "/ehr");
        login("practitioner", "demo-practitioner");
        new Select(driver.findElement(By.id("patient"))).selectByValue(patient);
        new Select(driver.findElement(By.id("app"))).selectByValue(clientId);
        driver.findElement(By.id("launch")).click();
        approve();
        JsonNode result = appResult();
        assertEquals(patient, result.path("patientId").asText());
        assertEquals(patient, result.path("tokenPatient").asText());
        assertTrue(result.path("observationCount").asInt() >= 6, result.toString());
        assertEquals("Patient/" + patient, result.path("observationSubjects").get(0).asText());
    }

    @Test
    void openidClientDiscoversRunsTheCodeFlowWithPkceValidatesTheIdTokenAndRefreshes() {
        Http.Response registered = http.postJson(server.rootUrl() + "/auth/register", """
                {"client_name": "openid-client RP", "token_endpoint_auth_method": "client_secret_basic",
                 "grant_types": ["authorization_code", "refresh_token"], "redirect_uris": ["http://localhost:9/cb"],
                 "scope": "openid fhirUser offline_access launch/patient patient/*.rs"}""");
        assertEquals(201, registered.status(), registered.body());
        String rpId = registered.json().path("client_id").asText();
        try (NodeScript rp = NodeScript.start("oidc-relying-party.mjs", Map.of(
                "ISSUER", server.fhirBase(),
                "CLIENT_ID", rpId,
                "CLIENT_SECRET", registered.json().path("client_secret").asText(),
                "REDIRECT_URI", "http://localhost:9/cb",
                "SCOPE", "openid fhirUser offline_access launch/patient patient/*.rs"), "code")) {
            JsonNode start = rp.readJson();
            assertFalse(start.has("error"), start.toString());
            driver.get(start.path("authorizationUrl").asText());
            login("patient", "demo-patient");
            approve();
            new WebDriverWait(driver, Duration.ofSeconds(20))
                    .until(d -> d.getCurrentUrl().startsWith("http://localhost:9/cb"));
            rp.writeLine(driver.getCurrentUrl());
            JsonNode outcome = rp.readJson();
            assertFalse(outcome.has("error"), outcome.toString());
            assertEquals(server.fhirBase(), outcome.path("issuer").asText());
            JsonNode claims = outcome.path("claims");
            assertEquals(server.fhirBase(), claims.path("iss").asText());
            assertEquals(rpId, claims.path("aud").isArray() ? claims.path("aud").get(0).asText()
                    : claims.path("aud").asText());
            assertTrue(claims.path("fhirUser").asText().endsWith("Patient/" + demoPatientId()), claims.toString());
            assertEquals(demoPatientId(), outcome.path("patient").asText());
            assertTrue(outcome.path("refreshedAccessToken").asBoolean(), outcome.toString());
            assertTrue(outcome.path("refreshedScope").asText().contains("patient/*.rs"), outcome.toString());
        }
    }
}
