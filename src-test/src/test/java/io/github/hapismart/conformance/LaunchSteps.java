package io.github.hapismart.conformance;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.hapismart.it.Http;
import io.github.hapismart.it.SampleServerFixture;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The steps of Inferno's {@code smart_standalone_launch_stu2_2} and {@code smart_ehr_launch_stu2_2} groups:
 * {@code smart_app_launch}, {@code smart_launch_received}, {@code smart_app_redirect_stu2}, {@code smart_code_received},
 * {@code smart_token_exchange_stu2_2}, {@code smart_token_response_body_stu2_2}, {@code smart_token_response_headers},
 * {@code smart_cors_token_exchange}. Holds the outputs they pass on ({@code code}, {@code patient_id},
 * {@code received_scopes}, {@code id_token}, ...).
 */
final class LaunchSteps {

    /** Every resource type of DSTU2 to R5, as Inferno's token payload checks list them. */
    private static final Set<String> RESOURCE_TYPES = Set.of(
            "Account", "ActivityDefinition", "ActorDefinition", "AdministrableProductDefinition", "AdverseEvent",
            "AllergyIntolerance", "Appointment", "AppointmentResponse", "ArtifactAssessment", "AuditEvent", "Basic",
            "Binary", "BiologicallyDerivedProduct", "BiologicallyDerivedProductDispense", "BodySite",
            "BodyStructure", "Bundle", "CapabilityStatement", "CarePlan", "CareTeam", "CatalogEntry", "ChargeItem",
            "ChargeItemDefinition", "Citation", "Claim", "ClaimResponse", "ClinicalImpression",
            "ClinicalUseDefinition", "CodeSystem", "Communication", "CommunicationRequest", "CompartmentDefinition",
            "Composition", "ConceptMap", "Condition", "ConditionDefinition", "Conformance", "Consent", "Contract",
            "Coverage", "CoverageEligibilityRequest", "CoverageEligibilityResponse", "DataElement", "DetectedIssue",
            "Device", "DeviceAssociation", "DeviceComponent", "DeviceDefinition", "DeviceDispense", "DeviceMetric",
            "DeviceRequest", "DeviceUsage", "DeviceUseRequest", "DeviceUseStatement", "DiagnosticOrder",
            "DiagnosticReport", "DocumentManifest", "DocumentReference", "EffectEvidenceSynthesis",
            "EligibilityRequest", "EligibilityResponse", "Encounter", "EncounterHistory", "Endpoint",
            "EnrollmentRequest", "EnrollmentResponse", "EpisodeOfCare", "EventDefinition", "Evidence",
            "EvidenceReport", "EvidenceVariable", "ExampleScenario", "ExpansionProfile", "ExplanationOfBenefit",
            "FamilyMemberHistory", "Flag", "FormularyItem", "GenomicStudy", "Goal", "GraphDefinition", "Group",
            "GuidanceResponse", "HealthcareService", "ImagingManifest", "ImagingObjectSelection", "ImagingSelection",
            "ImagingStudy", "Immunization", "ImmunizationEvaluation", "ImmunizationRecommendation",
            "ImplementationGuide", "Ingredient", "InsurancePlan", "InventoryItem", "InventoryReport", "Invoice",
            "Library", "Linkage", "List", "Location", "ManufacturedItemDefinition", "Measure", "MeasureReport",
            "Media", "Medication", "MedicationAdministration", "MedicationDispense", "MedicationKnowledge",
            "MedicationOrder", "MedicationRequest", "MedicationStatement", "MedicinalProduct",
            "MedicinalProductAuthorization", "MedicinalProductContraindication", "MedicinalProductDefinition",
            "MedicinalProductIndication", "MedicinalProductIngredient", "MedicinalProductInteraction",
            "MedicinalProductManufactured", "MedicinalProductPackaged", "MedicinalProductPharmaceutical",
            "MedicinalProductUndesirableEffect", "MessageDefinition", "MessageHeader", "MolecularSequence",
            "NamingSystem", "NutritionIntake", "NutritionOrder", "NutritionProduct", "Observation",
            "ObservationDefinition", "OperationDefinition", "OperationOutcome", "Order", "OrderResponse",
            "Organization", "OrganizationAffiliation", "PackagedProductDefinition", "Patient", "PaymentNotice",
            "PaymentReconciliation", "Permission", "Person", "PlanDefinition", "Practitioner", "PractitionerRole",
            "Procedure", "ProcedureRequest", "ProcessRequest", "ProcessResponse", "Provenance", "Questionnaire",
            "QuestionnaireResponse", "ReferralRequest", "RegulatedAuthorization", "RelatedPerson", "RequestGroup",
            "RequestOrchestration", "Requirements", "ResearchDefinition", "ResearchElementDefinition",
            "ResearchStudy", "ResearchSubject", "RiskAssessment", "RiskEvidenceSynthesis", "Schedule",
            "SearchParameter", "Sequence", "ServiceDefinition", "ServiceRequest", "Slot", "Specimen",
            "SpecimenDefinition", "StructureDefinition", "StructureMap", "Subscription", "SubscriptionStatus",
            "SubscriptionTopic", "Substance", "SubstanceDefinition", "SubstanceNucleicAcid", "SubstancePolymer",
            "SubstanceProtein", "SubstanceReferenceInformation", "SubstanceSourceMaterial", "SubstanceSpecification",
            "SupplyDelivery", "SupplyRequest", "Task", "TerminologyCapabilities", "TestPlan", "TestReport",
            "TestScript", "Transport", "ValueSet", "VerificationResult", "VisionPrescription");
    private static final Pattern FHIR_ID = Pattern.compile("[A-Za-z0-9\\-.]{1,64}(/_history/[A-Za-z0-9\\-.]{1,64})?");

    final Http http;
    final SampleServerFixture server;
    final AuthInfo auth;
    final Tester tester;
    final LaunchPlan plan;

    String launch;
    String launchUrl;
    /** After a launch from the EHR simulator its sign-in carries over to the authorization pages (single sign-on). */
    boolean keepSession;
    String state;
    String verifier;
    String challenge;
    String redirectUrl;
    Http.Response tokenResponse;
    JsonNode tokenBody;
    String idToken;
    String patientId;
    String encounterId;
    String receivedScopes;

    LaunchSteps(Http http, SampleServerFixture server, AuthInfo auth, Tester tester, LaunchPlan plan) {
        this.http = http;
        this.server = server;
        this.auth = auth;
        this.tester = tester;
        this.plan = plan;
    }

    /**
     * smart_app_launch: the EHR sends the browser to Inferno's launch URI. The practitioner launches the app from the
     * sample server's EHR simulator ({@code /ehr}) when it is installed, else the EHR's launch API creates the context
     * and the browser opens the {@code launch_url} it answers.
     */
    void appLaunch(Map<String, String> context) {
        if (http.get(server.rootUrl() + "/ehr", "Accept", "text/html").status() == 200) {
            tester.newSession(server.rootUrl());
            launchUrl = tester.launchFromEhr(server.rootUrl(), plan.user(), context.get("patient"),
                    context.get("encounter"), context.get("fhir_context"), auth.clientId);
            keepSession = true;
            assertTrue(launchUrl.startsWith(auth.launchUri), "The EHR did not send the browser to " + auth.launchUri
                    + " but to " + launchUrl);
            assertTrue(server.fhirBase().equals(param(launchUrl, "iss")), "Launch `iss` is not the FHIR base: "
                    + launchUrl);
            return;
        }
        Http.Response created = http.postForm(server.rootUrl() + "/auth/launch", Inferno.form(context),
                "Authorization", Inferno.basic("demo-ehr", "demo-ehr-secret"));
        Inferno.assertStatus(created, 201);
        String url = created.json().path("launch_url").asText(null);
        assertNotNull(url, "The EHR did not send the browser to the app's launch URI (no launch_url): "
                + created.body());
        launchUrl = tester.open(url);
        assertTrue(launchUrl.startsWith(auth.launchUri), "The browser was not sent to " + auth.launchUri);
        assertTrue(server.fhirBase().equals(param(launchUrl, "iss")), "Launch `iss` is not the FHIR base: "
                + launchUrl);
    }

    /** smart_launch_received: the launch URL carries {@code launch}. */
    void launchReceived() {
        Inferno.skipIf(launchUrl == null, "No launch request received");
        launch = param(launchUrl, "launch");
        assertTrue(launch != null && !launch.isBlank(), "No `launch` parameter received");
    }

    /** smart_app_redirect_stu2: Inferno sends the browser to the authorization endpoint; the user authorizes. */
    void appRedirect() {
        appRedirect(true);
    }

    /** The redirect step; {@code expectRedirect} false for launches meant to fail (the tester attests instead). */
    void appRedirect(boolean expectRedirect) {
        assertTrue(auth.authUrl != null && auth.authUrl.startsWith("http"),
                "OAuth2 Authorization Endpoint '" + auth.authUrl + "' is not a valid URI");
        state = UUID.randomUUID().toString();
        Map<String, String> params = new LinkedHashMap<>();
        params.put("response_type", "code");
        params.put("client_id", auth.clientId);
        params.put("redirect_uri", auth.redirectUri);
        params.put("scope", auth.requestedScopes);
        params.put("state", state);
        params.put("aud", plan.aud() == null ? server.fhirBase() : plan.aud());
        if (launch != null) {
            params.put("launch", launch);
        }
        verifier = UUID.randomUUID() + "-" + UUID.randomUUID();
        challenge = s256(verifier);
        params.put("code_challenge", challenge);
        params.put("code_challenge_method", "S256");
        if (!keepSession) {
            tester.newSession(server.rootUrl());
        }
        redirectUrl = plan.post()
                ? tester.authorizePost(auth.authUrl, params, auth.redirectUri, plan.user(), plan.patientToPick(),
                        plan.consent())
                : tester.authorizeGet(auth.authUrl + "?" + Inferno.form(params), auth.redirectUri, plan.user(),
                        plan.patientToPick(), plan.consent());
        if (!expectRedirect) {
            return;
        }
        assertTrue(redirectUrl.startsWith(auth.redirectUri), "The browser was not redirected to Inferno's "
                + "redirect URI; it stopped at " + redirectUrl + ": " + tester.pageText());
        assertTrue(state.equals(param(redirectUrl, "state")), "The redirect does not carry Inferno's state: "
                + redirectUrl);
    }

    /** smart_code_received: {@code code} present, no {@code error}. */
    void codeReceived() {
        Inferno.skipIf(redirectUrl == null || !redirectUrl.startsWith(auth.redirectUri), "No redirect received");
        assertTrue(code() != null && !code().isBlank(), "No `code` parameter received");
        String error = param(redirectUrl, "error");
        assertTrue(error == null, "Error returned from authorization server. code: '" + error + "', description: '"
                + param(redirectUrl, "error_description") + "'");
    }

    String code() {
        return redirectUrl == null ? null : param(redirectUrl, "code");
    }

    /** The token request of smart_token_exchange_stu2_2, with the code, verifier and client given. */
    Http.Response exchange(String code, String codeVerifier, AuthInfo client) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("code", code);
        form.put("redirect_uri", auth.redirectUri);
        form.put("grant_type", "authorization_code");
        String[] headers = credentials(client, form);
        if (codeVerifier != null) {
            form.put("code_verifier", codeVerifier);
        }
        return http.postForm(client.tokenUrl, Inferno.form(form), headers);
    }

    /** Adds the client's credentials as Inferno does; returns the headers to send. */
    static String[] credentials(AuthInfo client, Map<String, String> form) {
        if (client.isAsymmetric()) {
            form.put("client_assertion_type", BackendServicesSteps.JWT_BEARER);
            form.put("client_assertion", InfernoAssertion.forClient(client));
            return new String[] {"Accept", "application/json"};
        }
        if (client.isSymmetric()) {
            return new String[] {"Accept", "application/json", "Authorization",
                    Inferno.basic(client.clientId, client.clientSecret)};
        }
        form.put("client_id", client.clientId);
        return new String[] {"Accept", "application/json", "Origin", Inferno.ORIGIN};
    }

    /** smart_token_exchange_stu2_2: the code is exchanged (200, JSON). */
    void tokenExchange() {
        Inferno.skipIf(code() == null || param(redirectUrl, "error") != null, "Error during authorization request");
        tokenResponse = exchange(code(), verifier, auth);
        Inferno.assertStatus(tokenResponse, 200);
        JsonNode body = Inferno.assertValidJson(tokenResponse.body());
        auth.accessToken = body.path("access_token").asText(null);
        auth.refreshToken = body.path("refresh_token").asText(null);
        auth.expiresIn = body.path("expires_in").isNumber() ? body.path("expires_in").asLong() : null;
    }

    /** smart_token_response_body_stu2_2: required fields and types, Bearer, fhirContext objects. */
    void tokenResponseBody() {
        Inferno.skipIf(tokenResponse == null || tokenResponse.status() != 200, "Token exchange was unsuccessful");
        JsonNode body = Inferno.assertValidJson(tokenResponse.body());
        tokenBody = body;
        idToken = body.path("id_token").asText(null);
        patientId = body.path("patient").asText(null);
        encounterId = body.path("encounter").asText(null);
        receivedScopes = body.path("scope").asText(null);
        assertTokenFields(body);
        JsonNode fhirContext = body.get("fhirContext");
        if (fhirContext != null) {
            assertFhirContext(fhirContext);
        }
    }

    /**
     * Inferno's {@code validate_fhir_context_stu2_2}: an array of objects, each with at least one of reference,
     * canonical and identifier; a relative reference of a known type and a FHIR id; a canonical per
     * {@link #assertCanonical}; an identifier object; a known resource type in {@code type}.
     */
    static void assertFhirContext(JsonNode fhirContext) {
        assertTrue(fhirContext.isArray(), "`fhirContext` field should be an Array");
        for (JsonNode context : fhirContext) {
            assertTrue(context.isObject(), "`" + context + "` is not an Object");
            JsonNode reference = context.get("reference");
            assertTrue(reference != null || context.has("canonical") || context.has("identifier"),
                    "`fhirContext` array SHALL include at least one of \"reference\", \"canonical\", or "
                            + "\"identifier\"");
            if (reference != null) {
                assertTrue(reference.isTextual() && !reference.asText().startsWith("http"),
                        "`" + reference + "` is not a relative reference");
                String[] parts = reference.asText().split("/", 2);
                assertTrue(RESOURCE_TYPES.contains(parts[0]), "`" + parts[0] + "` in `reference` is not a "
                        + "valid FHIR resource type");
                assertTrue(parts.length == 2 && FHIR_ID.matcher(parts[1]).matches(),
                        "`" + reference.asText() + "` in `reference` is not a valid FHIR id");
            }
            if (context.has("canonical")) {
                assertCanonical(context.get("canonical"));
            }
            if (context.has("identifier")) {
                assertTrue(context.get("identifier").isObject(),
                        "`" + context.get("identifier") + "` is not an Object");
            }
            if ((context.has("canonical") || context.has("identifier")) && !context.has("type")) {
                System.out.println("[info] The `type` field is recommended when \"canonical\" or "
                        + "\"identifier\" is present in `fhirContext` object");
            }
            if (context.has("type")) {
                assertTrue(RESOURCE_TYPES.contains(context.path("type").asText()),
                        "`" + context.path("type").asText() + "` in `type` is not a valid FHIR resource type");
            }
        }
    }

    /**
     * Inferno's {@code check_fhir_context_canonical}: a string starting with {@code http}, whose last path segments
     * (before any {@code |version}) are a FHIR resource type and a FHIR id.
     */
    static void assertCanonical(JsonNode canonical) {
        assertTrue(canonical.isTextual(), "`" + canonical + "` is not a String");
        String text = canonical.asText();
        assertTrue(text.startsWith("http"), "`" + text + "` is not a canonical reference");
        String[] segments = text.split("/");
        String last = segments[segments.length - 1];
        String type;
        String id;
        if (last.startsWith("&") || last.startsWith("|")) {
            type = segments.length >= 3 ? segments[segments.length - 3] : "";
            id = segments.length >= 2 ? segments[segments.length - 2] : "";
        } else {
            type = segments.length >= 2 ? segments[segments.length - 2] : "";
            id = last.split("[&|]")[0];
        }
        assertTrue(RESOURCE_TYPES.contains(type), "`" + type + "` in `canonical` is not a valid FHIR resource type");
        assertTrue(FHIR_ID.matcher(id).find(), "`" + id + "` in `canonical` is not a valid FHIR id");
    }

    /**
     * The fields Inferno requires in a token response, whether from an exchange or a refresh: present, of their JSON
     * types, and a Bearer token type.
     */
    static void assertTokenFields(JsonNode body) {
        for (String field : new String[] {"access_token", "token_type", "expires_in", "scope"}) {
            assertTrue(body.hasNonNull(field) && !body.path(field).asText().isBlank(),
                    "Token exchange response did not include all required fields: `" + field + "`.");
        }
        for (String field : new String[] {"access_token", "token_type", "scope", "refresh_token"}) {
            if (body.hasNonNull(field)) {
                assertTrue(body.get(field).isTextual(), "Expected `" + field + "` to be a String");
            }
        }
        assertTrue(body.get("expires_in").isNumber(), "Expected `expires_in` to be a Numeric");
        assertTrue("bearer".equalsIgnoreCase(body.path("token_type").asText()), "`token_type` must be `bearer`");
    }

    /** smart_token_response_headers: Cache-Control no-store, Pragma no-cache. */
    void tokenResponseHeaders() {
        Inferno.skipIf(tokenResponse == null || tokenResponse.status() != 200, "Token exchange was unsuccessful");
        assertHeaders(tokenResponse);
    }

    static void assertHeaders(Http.Response response) {
        String cacheControl = response.header("Cache-Control");
        assertTrue(cacheControl != null && cacheControl.toLowerCase().contains("no-store"),
                "Token response must have `Cache-Control` header containing `no-store`.");
        String pragma = response.header("Pragma");
        assertTrue(pragma != null && pragma.toLowerCase().contains("no-cache"),
                "Token response must have `Pragma` header containing `no-cache`.");
    }

    /** smart_cors_token_exchange: for a public client, the token response allows Inferno's origin. */
    void corsTokenExchange() {
        Inferno.skipIf(!auth.isPublic(), "omitted: Client type is not public, Cross-Origin Resource Sharing (CORS) "
                + "is not required to be supported for non-public client types");
        Inferno.skipIf(tokenResponse == null || tokenResponse.status() != 200,
                "Previous request was unsuccessful, cannot check for CORS support");
        String allowed = tokenResponse.header("Access-Control-Allow-Origin");
        assertTrue(Inferno.ORIGIN.equals(allowed) || "*".equals(allowed),
                "Request must have `Access-Control-Allow-Origin` header containing `" + Inferno.ORIGIN + "`");
    }

    /** Reads a resource with the current access token (Inferno's authenticated FHIR client). */
    Http.Response read(String type, String id, String... extraHeaders) {
        String[] headers = new String[4 + extraHeaders.length];
        headers[0] = "Accept";
        headers[1] = "application/fhir+json";
        headers[2] = "Authorization";
        headers[3] = "Bearer " + auth.accessToken;
        System.arraycopy(extraHeaders, 0, headers, 4, extraHeaders.length);
        return http.get(server.fhirBase() + "/" + type + "/" + id, headers);
    }

    Http.Response search(String type, String query) {
        return http.get(server.fhirBase() + "/" + type + "?" + query, "Accept", "application/fhir+json",
                "Authorization", "Bearer " + auth.accessToken);
    }

    static String param(String url, String name) {
        String query = URI.create(url).getRawQuery();
        if (query == null) {
            return null;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            if (key.equals(name)) {
                return eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    static String s256(String verifier) {
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(MessageDigest.getInstance("SHA-256")
                    .digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            return fail(e);
        }
    }

    static void assertNotBlank(String value, String message) {
        assertFalse(value == null || value.isBlank(), message);
    }
}
