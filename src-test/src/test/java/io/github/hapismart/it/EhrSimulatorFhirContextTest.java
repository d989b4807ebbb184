package io.github.hapismart.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.hapismart.launch.FhirContextItem;
import io.github.hapismart.launch.LaunchContext;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The {@code /ehr} simulator's fhirContext field, over HTTP (the browser test covers the rest of the page): the
 * SMART 2.2 forms go into the launch context as given, and an invalid item is shown as an error instead of launching.
 */
@ExtendWith(SharedServer.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EhrSimulatorFhirContextTest {

    private SampleServerFixture server;
    private PageSession browser;
    private String csrf;
    private String patientId;

    @BeforeAll
    void signIn(SampleServerFixture server) {
        this.server = server;
        this.browser = new PageSession(server);
        assertEquals(303, browser.post("/ehr", Map.of("action", "login", "username", "practitioner",
                "password", "demo-practitioner")).status());
        String page = browser.get("/ehr").body();
        this.csrf = page.replaceAll("(?s).*name=\"csrf\" value=\"([^\"]+)\".*", "$1");
        this.patientId = server.server().application().plugin().authorizationServer().users()
                .findByUsername("patient").orElseThrow().fhirUserId();
    }

    private PageSession.Page launch(String fhirContext) {
        return browser.post("/ehr", Map.of("action", "launch", "csrf", csrf, "patient", patientId,
                "app", "demo-app", "fhir_context", fhirContext));
    }

    @Test
    void everyFormOfFhirContextReachesTheLaunchContext() {
        PageSession.Page page = launch("""
                [{"reference": "List/1", "role": "https://example.org/at-home"},
                 {"canonical": "http://example.org/Questionnaire/phq9|2", "type": "Questionnaire"},
                 {"identifier": {"system": "urn:oid:1.2.3", "value": "x"}, "type": "ServiceRequest"}]""");
        assertTrue(page.status() == 302 || page.status() == 303, page.status() + " " + page.body());
        String launch = PageSession.param(page.location(), "launch");
        LaunchContext context = server.server().application().plugin().authorizationServer().launchContexts()
                .consume("demo-app", launch).orElseThrow();
        assertEquals(List.of(
                Map.of("reference", "List/1", "role", "https://example.org/at-home"),
                Map.of("canonical", "http://example.org/Questionnaire/phq9|2", "type", "Questionnaire"),
                Map.of("identifier", Map.of("system", "urn:oid:1.2.3", "value", "x"), "type", "ServiceRequest")),
                context.fhirContext().stream().map(FhirContextItem::toJson).toList());
    }

    @Test
    void anInvalidItemIsShownAsAnErrorAndNothingIsLaunched() {
        PageSession.Page page = launch("[{\"type\": \"Questionnaire\"}]");
        assertEquals(400, page.status());
        assertTrue(page.body().contains("at least one of reference, canonical or identifier"), page.body());
    }
}
