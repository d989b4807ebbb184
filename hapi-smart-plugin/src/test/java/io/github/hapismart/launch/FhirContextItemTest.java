package io.github.hapismart.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The SMART 2.2 fhirContext item rules, and the launch API's two forms of {@code fhir_context}. */
class FhirContextItemTest {

    private static final String ALL_FORMS = """
            [{"reference": "List/123", "role": "https://example.org/med-list-at-home"},
             {"canonical": "http://example.org/Questionnaire/phq9|1.0", "type": "Questionnaire"},
             {"identifier": {"system": "urn:oid:2.16.840.1", "value": "ord-1"}, "type": "ServiceRequest",
              "role": "https://example.org/order"},
             {"reference": "ImagingStudy/7", "type": "ImagingStudy", "role": "launch"},
             {"reference": "Patient/9", "role": "https://example.org/sibling"}]""";

    @Test
    void everyFormOfTheIgRoundTripsExactly() throws Exception {
        List<FhirContextItem> items = FhirContextItem.parseList(ALL_FORMS);
        assertEquals(5, items.size());
        List<Object> expected = com.nimbusds.jose.util.JSONArrayUtils.parse(ALL_FORMS);
        assertEquals(expected, items.stream().map(FhirContextItem::toJson).toList());
    }

    @Test
    void anItemMayNameItsResourceInMoreThanOneWayAsTheIgAllows() {
        FhirContextItem item = FhirContextItem.fromJson(Map.of("reference", "Questionnaire/q1",
                "canonical", "http://example.org/Questionnaire/q1"));
        assertEquals(2, item.toJson().size());
    }

    @Test
    void spaceSeparatedReferencesAreStillAccepted() {
        assertEquals(List.of(Map.of("reference", "DocumentReference/1"), Map.of("reference", "Observation/2")),
                FhirContextItem.parseList("DocumentReference/1 Observation/2").stream()
                        .map(FhirContextItem::toJson).toList());
    }

    @Test
    void aStoredPlainReferenceIsReadAsAReferenceItem() {
        assertEquals(FhirContextItem.ofReference("Observation/2"), FhirContextItem.fromJson("Observation/2"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "[{}]",
            "[{\"type\": \"Observation\"}]",
            "[{\"role\": \"https://example.org/r\"}]",
            "[{\"reference\": \"http://ehr.example/fhir/Observation/1\"}]",
            "[{\"reference\": \"Observation\"}]",
            "[{\"reference\": \"observation/1\"}]",
            "[{\"canonical\": \"Questionnaire/q1\"}]",
            "[{\"canonical\": \"urn:uuid:1\"}]",
            "[{\"canonical\": \"http://example.org/questionnaires\"}]",
            "[{\"identifier\": \"ord-1\"}]",
            "[{\"identifier\": {}}]",
            "[{\"identifier\": {\"value\": 7}}]",
            "[{\"reference\": \"List/1\", \"role\": \"\"}]",
            "[{\"reference\": \"List/1\", \"role\": \"med-list\"}]",
            "[{\"reference\": \"List/1\", \"type\": \"Observation\"}]",
            "[{\"canonical\": \"http://example.org/Questionnaire/q\", \"type\": \"not a type\"}]",
            "[{\"reference\": \"Patient/1\"}]",
            "[{\"reference\": \"Encounter/1\", \"role\": \"launch\"}]",
            "[{\"reference\": \"List/1\", \"display\": \"extra\"}]",
            "[\"List/1\", 7]",
            "{\"reference\": \"List/1\"}",
            "[{\"reference\": \"List/1\"}"})
    void invalidItemsAreRefusedWithAMessage(String json) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FhirContextItem.parseList(json));
        assertTrue(e.getMessage().contains("fhir"), e.getMessage());
    }

    @Test
    void aLaunchContextKeepsItsFhirContextSmallEnoughForTheAccessToken() {
        List<FhirContextItem> items = new java.util.ArrayList<>();
        for (int i = 0; i < 20; i++) {
            items.add(FhirContextItem.fromJson(Map.of("canonical",
                    "https://example.org/" + "x".repeat(250) + "/Questionnaire/q" + i)));
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new LaunchContext(
                java.util.Optional.empty(), java.util.Optional.empty(), java.util.Optional.empty(), items,
                java.util.Optional.empty(), java.util.Optional.empty(), java.util.Optional.empty()));
        assertTrue(e.getMessage().contains("4096"), e.getMessage());
    }

    @Test
    void theMessageNamesTheItemAndTheRule() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FhirContextItem.parseList("[{\"reference\": \"List/1\"}, {\"type\": \"List\"}]"));
        assertEquals("fhir_context[1]: each fhirContext item needs at least one of reference, canonical or "
                + "identifier", e.getMessage());
    }
}
