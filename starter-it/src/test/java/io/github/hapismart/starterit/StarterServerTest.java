package io.github.hapismart.starterit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ca.uhn.fhir.batch2.api.IJobMaintenanceService;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import com.fasterxml.jackson.databind.JsonNode;
import io.github.hapismart.authorize.PatientDirectory;
import io.github.hapismart.authorize.PatientSummary;
import io.github.hapismart.provision.FhirUserResolver;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The plugin in a Spring Boot HAPI JPA server built as hapi-fhir-jpaserver-starter is, with SMART added by the
 * dependency and application.yaml alone: discovery, a provisioned backend-services client reading and exporting
 * data, a provisioned EHR creating a launch context, a patient-scoped token kept to its patient, the patient picker
 * of a standalone launch, and a granular category scope (the JPA filter matcher the auto-configuration wires).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StarterServerTest {

    private static final String EHR_SECRET = "ehr-" + UUID.randomUUID();
    private static final String DR_PASSWORD = "dr-" + UUID.randomUUID();
    private static final String SYSTEM_SCOPE = "system/Patient.rs system/Observation.rs";

    private final Http http = new Http();
    private final BackendKey backend = new BackendKey();
    private ConfigurableApplicationContext server;
    private String root;
    private static final String LAB = "http://terminology.hl7.org/CodeSystem/observation-category|laboratory";
    private static final String VITALS = "http://terminology.hl7.org/CodeSystem/observation-category|vital-signs";

    private String alice;
    private String bobObservation;
    private String aliceLab;
    private String aliceVitals;

    @BeforeAll
    void start(@TempDir Path secrets) throws IOException {
        Files.writeString(secrets.resolve("my-ehr-secret"), EHR_SECRET + "\n");
        Files.writeString(secrets.resolve("dr-jones-password"), DR_PASSWORD + "\n");
        int port = freePort();
        root = "http://localhost:" + port;
        server = SpringApplication.run(StarterLikeApplication.class, "--server.port=" + port,
                "--starter-it.secrets-dir=" + secrets, "--starter-it.backend-jwks=" + backend.publicJwks());
        DaoRegistry daos = server.getBean(DaoRegistry.class);
        alice = create(daos, new Patient().addName(new org.hl7.fhir.r4.model.HumanName().setFamily("Liddell")));
        String bob = create(daos, new Patient().addName(new org.hl7.fhir.r4.model.HumanName().setFamily("Builder")));
        aliceLab = create(daos, observation(alice, LAB));
        aliceVitals = create(daos, observation(alice, VITALS));
        bobObservation = create(daos, new Observation().setSubject(new Reference("Patient/" + bob)));
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void discoveryNamesTheTokenEndpointUnderTheServerRoot() {
        Http.Response response = http.get(root + "/fhir/.well-known/smart-configuration");
        assertEquals(root + "/auth/token", response.json().path("token_endpoint").asText(), response.body());
    }

    @Test
    void aFhirRequestWithoutATokenIsRefused() {
        assertEquals(401, http.get(root + "/fhir/Patient", "Accept", "application/fhir+json").status());
    }

    @Test
    void theProvisionedBackendClientReadsPatientsWithASystemScope() {
        Http.Response patients = http.get(root + "/fhir/Patient", "Authorization", "Bearer " + systemToken(),
                "Accept", "application/fhir+json");
        assertEquals(2, patients.json().path("entry").size(), patients.body());
    }

    @Test
    void bulkExportKickOffStatusPollAndDownloadSucceedWithTheSameToken() {
        String token = systemToken();
        Http.Response kickoff = http.get(root + "/fhir/$export?_type=Patient,Observation", "Authorization",
                "Bearer " + token, "Accept", "application/fhir+json", "Prefer", "respond-async");
        assertEquals(202, kickoff.status(), kickoff.body());
        JsonNode manifest = pollUntilComplete(kickoff.header("Content-Location"), token);
        int downloaded = 0;
        for (JsonNode output : manifest.path("output")) {
            Http.Response file = http.get(output.path("url").asText(), "Authorization", "Bearer " + token,
                    "Accept", "application/fhir+ndjson");
            downloaded += file.status() == 200 && !file.body().isBlank() ? 1 : 0;
        }
        assertEquals(2, downloaded, manifest.toString());
    }

    @Test
    void theProvisionedEhrCreatesALaunchContext() {
        assertEquals(201, createLaunch(alice).status());
    }

    @Test
    void anEhrLaunchedPatientTokenCannotReadAnotherPatientsObservation() {
        String token = patientToken(alice);
        Http.Response response = http.get(root + "/fhir/Observation/" + bobObservation, "Authorization",
                "Bearer " + token, "Accept", "application/fhir+json");
        assertEquals(403, response.status(), response.body());
    }

    @Test
    void anEhrLaunchedPatientTokenReadsItsOwnPatient() {
        String token = patientToken(alice);
        Http.Response response = http.get(root + "/fhir/Patient/" + alice, "Authorization", "Bearer " + token,
                "Accept", "application/fhir+json");
        assertEquals(200, response.status(), response.body());
    }

    @Test
    void aStandaloneLaunchGivesThePatientPickedInThePatientPicker() {
        Http.Response token = exchange(authorize("launch/patient openid fhirUser patient/*.rs", null, alice));
        assertEquals(alice, token.json().path("patient").asText(), token.body());
    }

    @Test
    void aGranularCategoryScopeReadsAnObservationOfThatCategory() {
        String token = patientToken(alice, "launch openid patient/Observation.rs?category=" + LAB);
        Http.Response response = http.get(root + "/fhir/Observation/" + aliceLab, "Authorization", "Bearer " + token,
                "Accept", "application/fhir+json");
        assertEquals(200, response.status(), response.body());
    }

    @Test
    void aGranularCategoryScopeCannotReadAnObservationOfAnotherCategory() {
        String token = patientToken(alice, "launch openid patient/Observation.rs?category=" + LAB);
        Http.Response response = http.get(root + "/fhir/Observation/" + aliceVitals, "Authorization",
                "Bearer " + token, "Accept", "application/fhir+json");
        assertEquals(403, response.status(), response.body());
    }

    @Test
    void aDeclaredFhirUserSearchResolvesToThePractitionerWithThatIdentifier() {
        String id = create(server.getBean(DaoRegistry.class), new org.hl7.fhir.r4.model.Practitioner()
                .addIdentifier(new org.hl7.fhir.r4.model.Identifier().setSystem("http://hl7.org/fhir/sid/us-npi")
                        .setValue("1234567893")));
        assertEquals(Optional.of("Practitioner/" + id), server.getBean(FhirUserResolver.class)
                .resolve("Practitioner?identifier=http://hl7.org/fhir/sid/us-npi|1234567893"));
    }

    @Test
    void thePatientPickerFindsPatientsByNameThroughThePluginsJpaDirectory() {
        List<PatientSummary> found = server.getBean(PatientDirectory.class).search("Liddell", 10);
        assertEquals(List.of(alice), found.stream().map(PatientSummary::id).toList());
    }

    private String systemToken() {
        String endpoint = root + "/auth/token";
        Http.Response response = http.postForm(endpoint, backend.tokenForm("backend", endpoint, SYSTEM_SCOPE));
        assertEquals(200, response.status(), response.body());
        return response.json().path("access_token").asText();
    }

    private Http.Response createLaunch(String patient) {
        String basic = Base64.getEncoder().encodeToString(("my-ehr:" + EHR_SECRET).getBytes());
        return http.postForm(root + "/auth/launch", "app_client_id=chart-app&patient=" + patient,
                "Authorization", "Basic " + basic, "Accept", "application/json");
    }

    /** A token from an EHR launch for {@code patient}: launch context, login as the provisioned user, consent. */
    private String patientToken(String patient) {
        return patientToken(patient, "launch openid fhirUser patient/*.rs");
    }

    private String patientToken(String patient, String scope) {
        String launch = createLaunch(patient).json().path("launch").asText();
        Http.Response token = exchange(authorize(scope, launch, null));
        assertEquals(patient, token.json().path("patient").asText(), token.body());
        return token.json().path("access_token").asText();
    }

    /** Walks the authorization pages as dr.jones; returns the code and its PKCE verifier. */
    private String[] authorize(String scope, String launch, String pickedPatient) {
        String verifier = UUID.randomUUID() + "-" + UUID.randomUUID();
        Map<String, String> params = new LinkedHashMap<>();
        params.put("response_type", "code");
        params.put("client_id", "chart-app");
        params.put("redirect_uri", root + "/chart-app/callback");
        params.put("scope", scope);
        params.put("state", UUID.randomUUID().toString());
        params.put("aud", root + "/fhir");
        if (launch != null) {
            params.put("launch", launch);
        }
        params.put("code_challenge", challenge(verifier));
        params.put("code_challenge_method", "S256");
        String location = new AuthorizationPages(root).approve(root + "/auth/authorize?" + Http.form(params),
                "dr.jones", DR_PASSWORD, pickedPatient);
        return new String[] {AuthorizationPages.param(location, "code"), verifier};
    }

    private Http.Response exchange(String[] codeAndVerifier) {
        Map<String, String> exchange = new LinkedHashMap<>();
        exchange.put("grant_type", "authorization_code");
        exchange.put("code", codeAndVerifier[0]);
        exchange.put("redirect_uri", root + "/chart-app/callback");
        exchange.put("code_verifier", codeAndVerifier[1]);
        exchange.put("client_id", "chart-app");
        return http.postForm(root + "/auth/token", Http.form(exchange));
    }

    /** Polls the export status until complete, nudging HAPI's once-a-minute batch maintenance meanwhile. */
    private JsonNode pollUntilComplete(String statusUrl, String token) {
        IJobMaintenanceService maintenance = server.getBean(IJobMaintenanceService.class);
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (Instant.now().isBefore(deadline)) {
            maintenance.triggerMaintenancePass();
            Http.Response status = http.get(statusUrl, "Authorization", "Bearer " + token, "Accept", "application/json");
            if (status.status() == 200) {
                return status.json();
            }
            assertEquals(202, status.status(), status.body());
        }
        throw new AssertionError("The export did not complete within 60 s");
    }

    private static Observation observation(String patient, String category) {
        Observation observation = new Observation().setSubject(new Reference("Patient/" + patient));
        observation.addCategory().addCoding().setSystem(category.substring(0, category.indexOf('|')))
                .setCode(category.substring(category.indexOf('|') + 1));
        return observation;
    }

    private static String create(DaoRegistry daos, org.hl7.fhir.r4.model.Resource resource) {
        return daos.getResourceDao(resource.fhirType()).create(resource, new SystemRequestDetails()).getId().getIdPart();
    }

    private static String challenge(String verifier) {
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Test
    void aRefusedRequestIsRecordedAsAnAuditEventInTheFhirServerItself() throws InterruptedException {
        assertEquals(401, http.get(root + "/fhir/Observation/" + bobObservation, "Accept", "application/fhir+json")
                .status());
        DaoRegistry daos = server.getBean(DaoRegistry.class);
        java.time.Instant deadline = java.time.Instant.now().plusSeconds(30);
        while (java.time.Instant.now().isBefore(deadline)) {
            boolean recorded = daos.getResourceDao(org.hl7.fhir.r4.model.AuditEvent.class)
                    .search(ca.uhn.fhir.jpa.searchparam.SearchParameterMap.newSynchronous(),
                            new ca.uhn.fhir.rest.api.server.SystemRequestDetails())
                    .getAllResources().stream().map(r -> (org.hl7.fhir.r4.model.AuditEvent) r)
                    .anyMatch(e -> "access-refused".equals(e.getSubtypeFirstRep().getCode())
                            && e.getOutcomeDesc().contains("access token is required")
                            && e.getEntity().stream().anyMatch(en -> en.getDescription() != null
                                    && en.getDescription().endsWith("Observation/" + bobObservation)));
            if (recorded) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no access-refused AuditEvent within 30 s");
    }
}
