package io.github.hapismart.conformance;

import io.github.hapismart.it.BackendClient;
import io.github.hapismart.it.Http;
import io.github.hapismart.it.SampleServerFixture;
import java.util.LinkedHashMap;
import java.util.Map;

/** The demo patient a tester picks: demo patient 1 (MRN {@code demo-1}), the record of the {@code patient} user. */
final class DemoData {

    private DemoData() {
    }

    static String patientOfPatientUser(SampleServerFixture server) {
        return server.server().application().plugin().authorizationServer().users().findByUsername("patient")
                .orElseThrow().fhirUserId();
    }

    /** One encounter of the patient (found with a system/ token, as an EHR knows its own encounters). */
    static String encounterOf(SampleServerFixture server, String patientId) {
        Http http = new Http(server.tls());
        String tokenUrl = server.rootUrl() + "/auth/token";
        BackendClient ehr = BackendClient.es384().registerWithJwks(http, server, "system/Encounter.rs");
        String token = http.postForm(tokenUrl, BackendClient.tokenForm(ehr.assertion(tokenUrl), "system/Encounter.rs"))
                .json().path("access_token").asText();
        return http.get(server.fhirBase() + "/Encounter?patient=" + patientId + "&_count=1", "Accept",
                "application/fhir+json", "Authorization", "Bearer " + token).json().path("entry").get(0)
                .path("resource").path("id").asText();
    }

    /**
     * The further context of the demo launch, one item of each SMART 2.2 form, so that the token response body
     * checks see them all: a reference with a role, a canonical with its type, an identifier with its type.
     */
    static final String FHIR_CONTEXT = """
            [{"reference": "List/med-list-home", "role": "https://example.org/med-list-at-home"},
             {"canonical": "http://example.org/fhir/Questionnaire/phq-9|1.0", "type": "Questionnaire"},
             {"identifier": {"system": "urn:oid:2.16.840.1.113883.3.1", "value": "order-7"},
              "type": "ServiceRequest"}]""";

    /**
     * What the EHR's launch API receives when a practitioner opens the app from demo patient 1's chart during one of
     * their encounters (as the sample EHR at {@code /ehr} sends it).
     */
    static Map<String, String> launchContext(LaunchSteps launch) {
        String patient = patientOfPatientUser(launch.server);
        Map<String, String> form = new LinkedHashMap<>();
        form.put("app_client_id", launch.auth.clientId);
        form.put("patient", patient);
        form.put("encounter", encounterOf(launch.server, patient));
        form.put("need_patient_banner", "true");
        form.put("smart_style_url", launch.server.rootUrl() + "/ehr/smart-style.json");
        form.put("fhir_context", FHIR_CONTEXT);
        return form;
    }
}
