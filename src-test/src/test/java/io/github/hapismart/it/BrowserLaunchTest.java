package io.github.hapismart.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Both SMART launches through the real pages in headless Chromium: standalone (a practitioner picks a patient by
 * name; a patient user gets their own record), EHR launch with a context from the launch API, the limited-access
 * grant, granular category selection, and deny.
 */
@ExtendWith(SharedServer.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BrowserLaunchTest {

    private static final String SCOPE = "launch/patient openid fhirUser offline_access patient/*.rs";
    private final Http http = new Http();
    private SampleServerFixture server;
    private SmartApp app;
    private Browser browser;
    private ChromeDriver driver;

    @BeforeAll
    void start(SampleServerFixture server) {
        this.server = server;
        this.app = SmartApp.registerPublic(http, server, SCOPE + " launch patient/Condition.rs patient/Observation.rs");
        this.browser = Browser.start();
        this.driver = browser.driver();
    }

    @AfterAll
    void stop() {
        browser.close();
    }

    @BeforeEach
    void forgetLogin() {
        driver.get(server.rootUrl() + "/auth/logout");
        driver.manage().deleteAllCookies();
    }

    private String patientUserId() {
        return server.server().application().plugin().authorizationServer().users().findByUsername("patient")
                .orElseThrow().fhirUserId();
    }

    private void open(String scope, SmartApp.Attempt attempt, Map<String, String> extra) {
        Map<String, String> params = app.authorizeParams(scope, attempt);
        params.putAll(extra);
        driver.get(app.authorizeUrl(params));
    }

    private void login(String username, String password) {
        driver.findElement(By.name("username")).sendKeys(username);
        driver.findElement(By.name("password")).sendKeys(password);
        WebElement button = driver.findElement(By.id("login"));
        button.click();
        waitUntilGone(button);
    }

    /** Waits for the page that {@code element} was on to be replaced after a click. */
    private void waitUntilGone(WebElement element) {
        new WebDriverWait(driver, Duration.ofSeconds(15)).ignoring(org.openqa.selenium.WebDriverException.class)
                .until(ExpectedConditions.stalenessOf(element));
    }

    /** Clicks a consent button and waits for the redirect to the app (which does not load: nothing listens). */
    private String decide(String decision) {
        driver.findElement(By.cssSelector("button[name=decision][value=" + decision + "]")).click();
        new WebDriverWait(driver, Duration.ofSeconds(15))
                .until(d -> d.getCurrentUrl().startsWith(app.redirectUri()));
        return driver.getCurrentUrl();
    }

    private JsonNode exchange(String location, SmartApp.Attempt attempt) {
        assertEquals(attempt.state(), PageSession.param(location, "state"), location);
        Http.Response response = app.exchange(PageSession.param(location, "code"), attempt.verifier());
        assertEquals(200, response.status(), response.body());
        return response.json();
    }

    private WebElement checkbox(String scope) {
        return driver.findElements(By.name("scope")).stream()
                .filter(box -> scope.equals(box.getAttribute("value"))).findFirst()
                .orElseThrow(() -> new AssertionError("no checkbox for " + scope));
    }

    @Test
    void practitionerStandaloneLaunchPicksAPatientFoundByName() {
        SmartApp.Attempt attempt = SmartApp.attempt();
        open(SCOPE, attempt, Map.of());
        login("practitioner", "demo-practitioner");
        List<WebElement> all = driver.findElements(By.name("patient"));
        assertTrue(all.size() >= 6, "the picker lists the demo patients");
        WebElement last = all.get(all.size() - 1);
        String id = last.getAttribute("value");
        String fullName = last.findElement(By.className("name")).getText();
        String family = fullName.substring(fullName.lastIndexOf(' ') + 1);
        driver.findElement(By.name("q")).sendKeys(family);
        WebElement search = driver.findElement(By.id("search"));
        search.click();
        waitUntilGone(search);
        List<WebElement> found = driver.findElements(By.name("patient"));
        assertTrue(found.size() < all.size(), "searching by name narrows the list");
        WebElement choice = driver.findElement(By.id("patient-" + id));
        choice.click();
        waitUntilGone(choice);
        assertEquals(fullName, driver.findElement(By.id("context-patient")).getText().replaceAll(" \\(born.*", ""));
        JsonNode tokens = exchange(decide("approve"), attempt);
        assertEquals(id, tokens.path("patient").asText());
        assertEquals(SCOPE, tokens.path("scope").asText());
        assertFalse(tokens.path("refresh_token").asText().isEmpty());
        assertFalse(tokens.path("id_token").asText().isEmpty());
    }

    @Test
    void patientUserGetsTheirOwnRecordWithoutAPicker() {
        SmartApp.Attempt attempt = SmartApp.attempt();
        open(SCOPE, attempt, Map.of());
        login("patient", "demo-patient");
        assertTrue(driver.findElements(By.name("patient")).isEmpty(), "no picker for a patient user");
        JsonNode tokens = exchange(decide("approve"), attempt);
        assertEquals(patientUserId(), tokens.path("patient").asText());
    }

    @Test
    void ehrLaunchUsesTheContextCreatedThroughTheApi() {
        Http.Response created = EhrLaunchTest.createLaunch(http, server, Map.of("app_client_id", app.clientId(),
                "patient", patientUserId(), "need_patient_banner", "true", "intent", "summary"));
        assertEquals(201, created.status(), created.body());
        SmartApp.Attempt attempt = SmartApp.attempt();
        String scope = "launch openid fhirUser patient/*.rs";
        open(scope, attempt, Map.of("launch", created.json().path("launch").asText()));
        login("practitioner", "demo-practitioner");
        assertFalse(checkbox("launch").isEnabled(), "the launch context cannot be unticked");
        JsonNode tokens = exchange(decide("approve"), attempt);
        assertEquals(patientUserId(), tokens.path("patient").asText());
        assertTrue(tokens.path("need_patient_banner").asBoolean());
        assertEquals("summary", tokens.path("intent").asText());
        assertEquals(scope, tokens.path("scope").asText());
    }

    @Test
    void uncheckedScopesAreLeftOutOfTheLimitedAccessGrant() {
        SmartApp.Attempt attempt = SmartApp.attempt();
        String scope = "launch/patient openid fhirUser offline_access patient/Patient.rs patient/Condition.rs "
                + "patient/Observation.rs";
        open(scope, attempt, Map.of());
        login("patient", "demo-patient");
        assertFalse(checkbox("launch/patient").isEnabled());
        checkbox("patient/Condition.rs").click();
        checkbox("offline_access").click();
        JsonNode tokens = exchange(decide("approve"), attempt);
        assertEquals("launch/patient openid fhirUser patient/Patient.rs patient/Observation.rs",
                tokens.path("scope").asText());
        assertFalse(tokens.has("refresh_token"));
        Http.Response conditions = http.get(server.fhirBase() + "/Condition?patient=" + patientUserId(),
                "Authorization", "Bearer " + tokens.path("access_token").asText(), "Accept", "application/fhir+json");
        assertEquals(403, conditions.status(), conditions.body());
    }

    @Test
    void granularCategoriesCanBeGrantedInsteadOfTheWholeResourceType() {
        SmartApp.Attempt attempt = SmartApp.attempt();
        open("launch/patient openid patient/Condition.rs patient/Observation.rs", attempt, Map.of());
        login("patient", "demo-patient");
        String problems = "patient/Condition.rs?category=http://terminology.hl7.org/CodeSystem/condition-category"
                + "|problem-list-item";
        String labs = "patient/Observation.rs?category=http://terminology.hl7.org/CodeSystem/observation-category"
                + "|laboratory";
        assertFalse(checkbox(problems).isSelected(), "granular choices are unticked by default");
        checkbox("patient/Condition.rs").click();
        checkbox("patient/Observation.rs").click();
        checkbox(problems).click();
        checkbox(labs).click();
        JsonNode tokens = exchange(decide("approve"), attempt);
        assertEquals("launch/patient openid " + problems + " " + labs, tokens.path("scope").asText());

        Http.Response observations = http.get(server.fhirBase() + "/Observation?patient=" + patientUserId()
                        + "&_count=200", "Authorization", "Bearer " + tokens.path("access_token").asText(),
                "Accept", "application/fhir+json");
        assertEquals(200, observations.status(), observations.body());
        JsonNode entries = observations.json().path("entry");
        assertTrue(entries.size() > 0, "the patient has laboratory results");
        for (JsonNode entry : entries) {
            assertTrue(entry.path("resource").path("category").toString().contains("laboratory"),
                    entry.toString());
        }
        Http.Response conditions = http.get(server.fhirBase() + "/Condition?patient=" + patientUserId()
                        + "&_count=200", "Authorization", "Bearer " + tokens.path("access_token").asText(),
                "Accept", "application/fhir+json");
        assertEquals(200, conditions.status(), conditions.body());
        assertTrue(conditions.json().path("entry").size() > 0, "the patient has problem-list conditions");
        for (JsonNode entry : conditions.json().path("entry")) {
            assertTrue(entry.path("resource").path("category").toString().contains("problem-list-item"),
                    entry.toString());
        }
    }

    @Test
    void denyingSendsAccessDeniedToTheApp() {
        SmartApp.Attempt attempt = SmartApp.attempt();
        open(SCOPE, attempt, Map.of());
        login("patient", "demo-patient");
        String location = decide("deny");
        assertEquals("access_denied", PageSession.param(location, "error"));
        assertEquals(attempt.state(), PageSession.param(location, "state"));
    }

    @Test
    void wrongPasswordShowsAMessageOnTheLoginPage() {
        open(SCOPE, SmartApp.attempt(), Map.of());
        login("patient", "not-the-password");
        assertTrue(driver.findElement(By.className("error")).getText().contains("Wrong user name or password"));
        assertTrue(driver.findElements(By.name("password")).size() == 1);
    }
}
