package io.github.hapismart.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
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
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The management page in headless Chromium: grants grouped by app with one line per grant, the patient named as the
 * consent page names them, and "Revoke all" ending every grant of one app and nothing else.
 */
@ExtendWith(SharedServer.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ManagementPageBrowserTest {

    private static final String SCOPE = "launch/patient openid offline_access patient/Patient.rs";
    private final Http http = new Http();
    private SampleServerFixture server;
    private Browser browser;
    private ChromeDriver driver;

    @BeforeAll
    void start(SampleServerFixture server) {
        this.server = server;
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

    private SmartApp newApp() {
        return SmartApp.registerConfidential(http, server, SCOPE);
    }

    /** A grant in the browser, signed in as the demo patient: its tokens and the consent page's patient label. */
    private record Granted(JsonNode tokens, String consentPatient) {
    }

    private Granted grant(SmartApp app) {
        SmartApp.Attempt attempt = SmartApp.attempt();
        driver.get(app.authorizeUrl(app.authorizeParams(SCOPE, attempt)));
        if (!driver.findElements(By.name("password")).isEmpty()) {
            driver.findElement(By.name("username")).sendKeys("patient");
            driver.findElement(By.name("password")).sendKeys("demo-patient");
            click(driver.findElement(By.id("login")));
        }
        String patient = driver.findElement(By.id("context-patient")).getText();
        driver.findElement(By.cssSelector("button[name=decision][value=approve]")).click();
        new WebDriverWait(driver, Duration.ofSeconds(15)).until(d -> d.getCurrentUrl().startsWith(app.redirectUri()));
        Http.Response response = app.exchange(PageSession.param(driver.getCurrentUrl(), "code"), attempt.verifier());
        assertEquals(200, response.status(), response.body());
        return new Granted(response.json(), patient);
    }

    /** Clicks and waits for the page to be replaced. */
    private void click(WebElement element) {
        element.click();
        new WebDriverWait(driver, Duration.ofSeconds(15)).ignoring(WebDriverException.class)
                .until(ExpectedConditions.stalenessOf(element));
    }

    private List<WebElement> group(SmartApp app) {
        return driver.findElements(By.cssSelector("section.app[data-client='" + app.clientId() + "']"));
    }

    private List<WebElement> lines(SmartApp app) {
        return group(app).get(0).findElements(By.cssSelector("tr.grant"));
    }

    private boolean active(SmartApp app, String token) {
        return app.introspect(token).json().path("active").asBoolean();
    }

    @Test
    void grantsAreGroupedByAppWithOneLinePerGrantAndThePatientNamedAsOnTheConsentPage() {
        SmartApp growth = newApp();
        SmartApp meds = newApp();
        Granted first = grant(growth);
        grant(growth);
        grant(meds);

        driver.get(server.rootUrl() + "/auth/manage");
        assertEquals(1, group(growth).size(), driver.getPageSource());
        assertEquals(2, lines(growth).size());
        assertEquals(1, lines(meds).size());
        assertTrue(group(growth).get(0).findElement(By.cssSelector(".app-head .count")).getText().equals("2 grants"));
        assertFalse(first.consentPatient().isBlank());
        for (WebElement line : lines(growth)) {
            assertEquals(first.consentPatient(), line.findElement(By.className("patient")).getText());
        }
        assertFalse(first.consentPatient().contains(first.tokens().path("patient").asText()),
                "the patient is named, not numbered");
    }

    @Test
    void revokeAllEndsEveryGrantOfThatAppAndNoOtherAppsGrant() {
        SmartApp growth = newApp();
        SmartApp meds = newApp();
        List<Granted> growthGrants = List.of(grant(growth), grant(growth));
        Granted medsGrant = grant(meds);

        driver.get(server.rootUrl() + "/auth/manage");
        click(group(growth).get(0).findElement(By.cssSelector("button.revoke-all")));

        assertTrue(group(growth).isEmpty(), driver.getPageSource());
        assertEquals(1, lines(meds).size());
        for (Granted granted : growthGrants) {
            assertFalse(active(growth, granted.tokens().path("access_token").asText()));
            assertFalse(active(growth, granted.tokens().path("refresh_token").asText()));
        }
        assertTrue(active(meds, medsGrant.tokens().path("access_token").asText()));
        assertTrue(active(meds, medsGrant.tokens().path("refresh_token").asText()));
    }

    @Test
    void revokingOneLineEndsOnlyThatGrant() {
        SmartApp growth = newApp();
        Granted older = grant(growth);
        Granted newer = grant(growth);

        driver.get(server.rootUrl() + "/auth/manage");
        // Lines are newest first: the first is the second grant.
        click(lines(growth).get(0).findElement(By.cssSelector("button[name=grant]")));

        assertEquals(1, lines(growth).size(), driver.getPageSource());
        assertFalse(active(growth, newer.tokens().path("access_token").asText()));
        assertTrue(active(growth, older.tokens().path("access_token").asText()));
    }

    @Test
    void eachLineSaysWhenTheGrantWasLastUsed() {
        SmartApp growth = newApp();
        grant(growth);

        driver.get(server.rootUrl() + "/auth/manage");
        // The code exchange issued the grant's first token: a use, to the minute, not "not used".
        String lastUsed = lines(growth).get(0).findElement(By.className("last-used")).getText();
        assertTrue(lastUsed.matches("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2} UTC"), lastUsed);
    }

    @Test
    void aRevokedGrantStaysInTheAccessHistoryWithWhenItWasGrantedUsedAndRevoked() {
        SmartApp growth = newApp();
        Granted granted = grant(growth);

        driver.get(server.rootUrl() + "/auth/manage");
        WebElement line = lines(growth).get(0);
        String grantedAt = line.findElement(By.className("granted")).getText();
        String lastUsed = line.findElement(By.className("last-used")).getText();
        click(line.findElement(By.cssSelector("button[name=grant]")));

        assertTrue(group(growth).isEmpty(), driver.getPageSource());
        List<WebElement> past = driver.findElements(
                By.cssSelector("#history tr.past-grant[data-client='" + growth.clientId() + "']"));
        assertEquals(1, past.size(), driver.getPageSource());
        assertEquals(grantedAt, past.get(0).findElement(By.className("granted")).getText());
        assertEquals(lastUsed, past.get(0).findElement(By.className("last-used")).getText());
        assertTrue(past.get(0).findElement(By.className("ended")).getText()
                .matches("revoked \\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2} UTC"), driver.getPageSource());
        assertEquals(granted.consentPatient(), past.get(0).findElement(By.className("patient")).getText());
        assertEquals("Test app", past.get(0).findElement(By.className("app-name")).getText());
    }
}
