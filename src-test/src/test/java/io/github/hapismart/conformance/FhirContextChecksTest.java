package io.github.hapismart.conformance;

import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The mirror of Inferno's fhirContext checks ({@code validate_fhir_context_stu2_2}) refuses what Inferno refuses and
 * passes the demo launch's items, without a server, so that the conformance steps that use it can fail.
 */
class FhirContextChecksTest {

    private static JsonNode json(String text) throws Exception {
        return new ObjectMapper().readTree(text);
    }

    @Test
    void theDemoLaunchItemsPass() throws Exception {
        LaunchSteps.assertFhirContext(json(DemoData.FHIR_CONTEXT));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"reference\": \"List/1\"}",
            "[\"List/1\"]",
            "[{\"type\": \"List\"}]",
            "[{\"reference\": \"http://ehr/fhir/List/1\"}]",
            "[{\"reference\": \"Lists/1\"}]",
            "[{\"canonical\": \"Questionnaire/q1\"}]",
            "[{\"canonical\": \"http://example.org/questionnaires/q1\"}]",
            "[{\"identifier\": \"x\"}]",
            "[{\"reference\": \"List/1\", \"type\": \"Lists\"}]"})
    void whatInfernoRefusesFails(String fhirContext) {
        assertThrows(AssertionError.class, () -> LaunchSteps.assertFhirContext(json(fhirContext)));
    }
}
