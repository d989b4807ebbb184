package io.github.hapismart.conformance;

import io.github.hapismart.it.Browser;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The human in front of Inferno: follows the link Inferno shows in headless Chromium (the project's {@link Browser}),
 * signs in, picks the patient, ticks or unticks boxes on the consent page and presses Allow, using only the form
 * contract of the pages (inputs {@code username}/{@code password}, picker field {@code patient}, checkboxes
 * {@code scope}, buttons {@code decision}). Returns the URL the browser was finally sent to.
 */
final class Tester implements AutoCloseable {

    /** The demo users of the sample server. */
    record User(String username, String password) {
        static final User PATIENT = new User("patient", "demo-patient");
        static final User PRACTITIONER = new User("practitioner", "demo-practitioner");
    }

    /** Which consent boxes the tester leaves ticked, given those offered (scope → ticked by default). */
    interface Consent extends Function<Map<String, Boolean>, Set<String>> {
        /** Approves what the page proposes. */
        static Consent asProposed() {
            return offered -> {
                Set<String> keep = new java.util.LinkedHashSet<>();
                offered.forEach((scope, ticked) -> {
                    if (ticked) {
                        keep.add(scope);
                    }
                });
                return keep;
            };
        }
    }

    /** Keeps the offered scopes that {@code keep} accepts (whatever was ticked by default). */
    static Consent only(java.util.function.Predicate<String> keep) {
        return offered -> {
            Set<String> chosen = new java.util.LinkedHashSet<>();
            offered.keySet().stream().filter(keep).forEach(chosen::add);
            return chosen;
        };
    }

    private final Browser browser = Browser.start(true);
    private final ChromeDriver driver = browser.driver();

    /** Forgets any session, as a tester starting a new launch in a fresh private window. */
    void newSession(String rootUrl) {
        driver.get(rootUrl + "/auth/logout");
        driver.manage().deleteAllCookies();
    }

    /** Follows Inferno's authorization link (GET). */
    String authorizeGet(String url, String redirectUri, User user, String patientId, Consent consent) {
        navigate(url);
        return walk(redirectUri, user, patientId, consent);
    }

    /**
     * Inferno's {@code post_auth} page: the browser POSTs the authorization request as a form
     * ({@code authorize-post}).
     */
    String authorizePost(String authUrl, Map<String, String> params, String redirectUri, User user, String patientId,
                         Consent consent) {
        driver.get("about:blank");
        StringBuilder script = new StringBuilder("var f=document.createElement('form');f.method='POST';f.action=arguments[0];");
        script.append("var p=arguments[1];for(var k in p){var i=document.createElement('input');i.type='hidden';")
                .append("i.name=k;i.value=p[k];f.appendChild(i);}document.body.appendChild(f);f.submit();");
        ((JavascriptExecutor) driver).executeScript(script.toString(), authUrl, new LinkedHashMap<>(params));
        new WebDriverWait(driver, Duration.ofSeconds(15)).until(d -> !"about:blank".equals(d.getCurrentUrl()));
        return walk(redirectUri, user, patientId, consent);
    }

    /**
     * The sample server's EHR simulator at {@code /ehr}: the practitioner signs in, chooses the patient, the encounter
     * and the app, and presses Launch; the EHR sends the browser to the app's launch URI with {@code iss} and
     * {@code launch}. Returns that URL.
     */
    String launchFromEhr(String rootUrl, User user, String patientId, String encounterId, String fhirContext,
                         String appClientId) {
        navigate(rootUrl + "/ehr");
        if (!driver.findElements(By.name("password")).isEmpty()) {
            driver.findElement(By.name("username")).sendKeys(user.username());
            driver.findElement(By.name("password")).sendKeys(user.password());
            submit(driver.findElement(By.cssSelector("button[type=submit]#login")));
        }
        new org.openqa.selenium.support.ui.Select(driver.findElement(By.id("patient"))).selectByValue(patientId);
        if (encounterId != null) {
            driver.findElement(By.id("encounter")).sendKeys(encounterId);
        }
        if (fhirContext != null) {
            driver.findElement(By.id("fhir_context")).sendKeys(fhirContext);
        }
        new org.openqa.selenium.support.ui.Select(driver.findElement(By.id("app"))).selectByValue(appClientId);
        driver.findElement(By.id("launch")).click();
        new WebDriverWait(driver, Duration.ofSeconds(15)).until(d -> !d.getCurrentUrl().startsWith(rootUrl + "/ehr"));
        return driver.getCurrentUrl();
    }

    /** Opens a URL and returns where the browser ends up (an EHR sending the browser to Inferno's launch URI). */
    String open(String url) {
        navigate(url);
        return driver.getCurrentUrl();
    }

    /** Navigates; a redirect straight to Inferno's (here unserved) URIs is where the browser stops, not an error. */
    private void navigate(String url) {
        try {
            driver.get(url);
        } catch (org.openqa.selenium.WebDriverException unreachable) {
            if (!String.valueOf(unreachable.getMessage()).contains("ERR_CONNECTION_REFUSED")) {
                throw unreachable;
            }
        }
    }

    private String walk(String redirectUri, User user, String patientId, Consent consent) {
        for (int step = 0; step < 6; step++) {
            String url = driver.getCurrentUrl();
            if (url.startsWith(redirectUri)) {
                return url;
            }
            if (!driver.findElements(By.name("password")).isEmpty()) {
                driver.findElement(By.name("username")).sendKeys(user.username());
                driver.findElement(By.name("password")).sendKeys(user.password());
                submit(driver.findElement(By.cssSelector("form button[type=submit]#login")));
            } else if (!driver.findElements(By.cssSelector("button[name=patient]")).isEmpty()) {
                List<WebElement> patients = driver.findElements(By.cssSelector("button[name=patient]"));
                WebElement choice = patientId == null ? patients.get(0) : patients.stream()
                        .filter(b -> patientId.equals(b.getAttribute("value"))).findFirst()
                        .orElseThrow(() -> new AssertionError("Patient " + patientId + " is not in the picker"));
                submit(choice);
            } else if (!driver.findElements(By.name("decision")).isEmpty()) {
                Map<String, Boolean> offered = new LinkedHashMap<>();
                List<WebElement> boxes = driver.findElements(By.cssSelector("input[type=checkbox][name=scope]"));
                boxes.stream().filter(WebElement::isEnabled)
                        .forEach(box -> offered.put(box.getAttribute("value"), box.isSelected()));
                Set<String> keep = consent.apply(offered);
                for (WebElement box : boxes) {
                    if (box.isEnabled() && box.isSelected() != keep.contains(box.getAttribute("value"))) {
                        box.click();
                    }
                }
                submit(driver.findElement(By.cssSelector("button[name=decision][value=approve]")));
            } else {
                return url; // an error page: the tester stops here
            }
        }
        return driver.getCurrentUrl();
    }

    private void submit(WebElement button) {
        button.click();
        new WebDriverWait(driver, Duration.ofSeconds(15)).ignoring(org.openqa.selenium.WebDriverException.class)
                .until(ExpectedConditions.stalenessOf(button));
    }

    /**
     * On the management page, signs in as {@code user} and revokes every grant held by the app named
     * {@code clientName}: a patient revoking the app's access.
     */
    int revokeAt(String manageUrl, User user, String clientName) {
        driver.get(manageUrl);
        if (!driver.findElements(By.name("password")).isEmpty()) {
            driver.findElement(By.name("username")).sendKeys(user.username());
            driver.findElement(By.name("password")).sendKeys(user.password());
            submit(driver.findElement(By.cssSelector("button[type=submit]#login")));
        }
        int revoked = 0;
        // The page groups grants by app: one section per app, its name in the heading, a Revoke button per grant.
        for (int i = 0; i < 10; i++) {
            WebElement grant = driver.findElements(By.cssSelector("section.app")).stream()
                    .filter(app -> app.findElement(By.tagName("h2")).getText().contains(clientName))
                    .flatMap(app -> app.findElements(By.cssSelector("tr.grant button[name=grant]")).stream())
                    .findFirst().orElse(null);
            if (grant == null) {
                break;
            }
            submit(grant);
            revoked++;
        }
        return revoked;
    }

    /** The visible text of the current page (for error pages). */
    String pageText() {
        return driver.findElement(By.tagName("body")).getText();
    }

    @Override
    public void close() {
        browser.close();
    }
}
