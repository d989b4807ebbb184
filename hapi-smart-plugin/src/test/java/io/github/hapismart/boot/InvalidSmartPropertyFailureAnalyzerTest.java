package io.github.hapismart.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.BeanCreationException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.core.io.support.SpringFactoriesLoader;

/** A wrong smart.* property ends the start with Boot's short report naming it, not a stack trace. */
class InvalidSmartPropertyFailureAnalyzerTest {

    @Test
    void theReportNamesTheWrongProperty() {
        FailureAnalysis analysis = new InvalidSmartPropertyFailureAnalyzer().analyze(new BeanCreationException(
                "smartValidatedProperties", new InvalidSmartPropertyException("smart.fhir-base-url", "is required")));
        assertEquals("The SMART on FHIR plugin's property smart.fhir-base-url: is required", analysis.getDescription());
    }

    @Test
    void theAnalyzerIsRegisteredForSpringBoot() {
        // Boot's own analyzers need constructor arguments this test does not give: skip those.
        assertTrue(SpringFactoriesLoader.forDefaultResourceLocation().load(FailureAnalyzer.class,
                        SpringFactoriesLoader.FailureHandler.handleMessage((message, failure) -> { })).stream()
                .anyMatch(InvalidSmartPropertyFailureAnalyzer.class::isInstance));
    }
}
