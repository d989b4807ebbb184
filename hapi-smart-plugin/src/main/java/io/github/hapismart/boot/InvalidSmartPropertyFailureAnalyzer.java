package io.github.hapismart.boot;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns an {@link InvalidSmartPropertyException} at start into Spring Boot's short "APPLICATION FAILED TO START"
 * report naming the property, instead of a stack trace.
 */
public final class InvalidSmartPropertyFailureAnalyzer extends AbstractFailureAnalyzer<InvalidSmartPropertyException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, InvalidSmartPropertyException cause) {
        return new FailureAnalysis("The SMART on FHIR plugin's property " + cause.getMessage(),
                "Correct " + cause.property() + " in application.yaml (or its environment variable); "
                        + "docs/configuration.md lists every smart.* property, or set smart.enabled=false.", cause);
    }
}
