package io.github.hapismart.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The whole EHR launch as a newcomer sees it, in headless Chromium: sign in to the sample server's EHR simulator,
 * pick a patient and the demo app, approve on the consent page, and the demo app shows that patient's record.
 */
@ExtendWith(SharedServer.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EhrSimulatorTest {

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

    @Test
    void practitionerLaunchesTheDemoAppFromTheEhrSimulator() {
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(30));
        wait.ignoring(org.openqa.selenium.WebDriverException.class);
        driver.get(server.rootUrl() + "/ehr");
        driver.findElement(By.name("username")).sendKeys("practitioner");
        driver.findElement(By.name("password")).sendKeys("demo-practitioner");
        WebElement login = driver.findElement(By.id("login"));
        login.click();
        wait.until(ExpectedConditions.stalenessOf(login));

        Select patient = new Select(driver.findElement(By.id("patient")));
        patient.selectByIndex(1);
        String patientId = patient.getFirstSelectedOption().getAttribute("value");
        new Select(driver.findElement(By.id("app"))).selectByValue("demo-app");
        driver.findElement(By.id("launch")).click();

        // Single sign-on: the EHR login carries over, so the next page is the consent page.
        WebElement approve = wait.until(ExpectedConditions.elementToBeClickable(By.id("approve")));
        assertTrue(driver.findElement(By.id("context-patient")).getText().length() > 0);
        approve.click();

        wait.until(ExpectedConditions.textToBe(By.id("status"), "Launched."));
        assertTrue(driver.findElement(By.id("patient-details")).getText().contains("Patient/" + patientId),
                driver.findElement(By.id("patient-details")).getText());
        assertTrue(driver.findElement(By.id("scopes")).getText().contains("launch"));
        assertEquals(server.rootUrl() + "/demo-app/index.html", driver.getCurrentUrl());
    }

    @Test
    void theSimulatorPagesCannotBeFramed() {
        Http.Response response = new Http().get(server.rootUrl() + "/ehr", "Accept", "text/html");
        assertEquals(200, response.status());
        assertEquals("DENY", response.header("X-Frame-Options"));
    }
}
