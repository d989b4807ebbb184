package io.github.hapismart.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 16, resource-server mode: the sample server issues no tokens and accepts those of a real, independent
 * OpenID provider ({@code oidc-provider}, {@link ExternalTokenProvider}) under the same enforcement. It honours their
 * scopes and patient claim (JWTs from client_credentials and the code flow, opaque tokens by introspection), refuses
 * expired, wrongly signed, wrong-audience, wrong-issuer and unsigned or HMAC-forged tokens with 401, and a valid
 * token without any SMART scope with 403. The leak suites run in this mode too ({@code ExternalToken*LeakTest}).
 */
@ExtendWith(SharedServer.class)
@ResourceServerMode.Shared
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ResourceServerModeTest {

    private ResourceServerMode mode;
    private ExternalTokenProvider provider;
    private TwoPatients p;
    private final Http http = new Http();

    @BeforeAll
    void setUp(ResourceServerMode mode) {
        this.mode = mode;
        this.provider = mode.provider();
        this.p = new TwoPatients(mode.server());
    }

    private String fhirBase() {
        return mode.server().fhirBase();
    }

    private static void assertInvalidToken(Http.Response response) {
        assertEquals(401, response.status(), response.body());
        assertTrue(response.header("WWW-Authenticate").contains("error=\"invalid_token\""),
                response.header("WWW-Authenticate"));
    }

    private static void assertNotServed(Http.Response response) {
        assertTrue(response.status() == 404 || response.status() == 405, response.status() + " " + response.body());
        assertFalse(response.body().contains("access_token") || response.body().contains("\"keys\""),
                response.body());
    }

    /** A JWT with the claims the provider would sign, changed by {@code change}, signed with {@code key}. */
    private String forge(RSAKey key, java.util.function.UnaryOperator<JWTClaimsSet.Builder> change) {
        Instant now = Instant.now();
        JWTClaimsSet claims = change.apply(new JWTClaimsSet.Builder().issuer(provider.issuer()).audience(fhirBase())
                .subject(ExternalTokenProvider.BACKEND).claim("client_id", ExternalTokenProvider.BACKEND)
                .claim("scope", "system/*.rs").jwtID(UUID.randomUUID().toString()).issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(300)))).build();
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID())
                    .type(new JOSEObjectType("at+jwt")).build(), claims);
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void smartConfigurationAdvertisesTheExternalServerAndOnlyWhatThePairHonours() {
        JsonNode doc = http.get(fhirBase() + "/.well-known/smart-configuration").json();
        assertEquals(provider.issuer(), doc.path("issuer").asText());
        assertEquals(provider.issuer() + "/token", doc.path("token_endpoint").asText());
        assertEquals(provider.issuer() + "/auth", doc.path("authorization_endpoint").asText());
        assertEquals(provider.issuer() + "/jwks", doc.path("jwks_uri").asText());
        assertEquals(provider.issuer() + "/token/introspection", doc.path("introspection_endpoint").asText());
        List<String> capabilities = new ArrayList<>();
        doc.path("capabilities").forEach(c -> capabilities.add(c.asText()));
        assertTrue(capabilities.containsAll(List.of("launch-standalone", "client-public",
                "client-confidential-symmetric", "client-confidential-asymmetric", "sso-openid-connect",
                "permission-patient", "permission-user", "permission-v1", "permission-v2")), capabilities.toString());
        assertFalse(capabilities.contains("launch-ehr"), "EHR launch needs the plugin's own server");
        assertFalse(capabilities.contains("context-standalone-patient"), "no patient picker at the provider");
        assertTrue(doc.path("management_endpoint").isMissingNode(), doc.toString());
    }

    @Test
    void capabilityStatementNamesTheExternalServersEndpoints() {
        Http.Response metadata = http.get(fhirBase() + "/metadata", "Accept", "application/fhir+json");
        assertEquals(200, metadata.status());
        String oauthUris = metadata.json().path("rest").get(0).path("security").path("extension").toString();
        assertTrue(oauthUris.contains(provider.issuer() + "/token"), oauthUris);
        assertTrue(oauthUris.contains(provider.issuer() + "/auth"), oauthUris);
        assertFalse(oauthUris.contains(mode.server().rootUrl() + "/auth/"), oauthUris);
    }

    @Test
    void thePluginsOwnOAuthEndpointsAreOff() {
        String root = mode.server().rootUrl();
        // Nothing is mapped there: the container's default servlet answers 404, or 405 to a POST.
        assertNotServed(http.postForm(root + "/auth/token", "grant_type=client_credentials"));
        assertNotServed(http.get(root + "/auth/authorize?response_type=code"));
        assertNotServed(http.get(root + "/auth/jwks"));
        assertNotServed(http.postJson(root + "/auth/register", "{}"));
        assertNotEquals(200, http.get(fhirBase() + "/.well-known/openid-configuration").status());
    }

    @Test
    void backendServiceTokenOfTheProviderReadsButCannotWrite() {
        Http.Response answer = provider.backendToken("system/Patient.rs", fhirBase());
        assertEquals(200, answer.status(), answer.body());
        String token = answer.json().path("access_token").asText();
        assertEquals(200, p.get("Patient/" + p.b, token).status());
        assertEquals(403, p.get(p.first(p.bRefs, "Observation"), token).status());
        assertEquals(403, p.send("POST", "Patient", token, "application/fhir+json",
                "{\"resourceType\":\"Patient\"}").status());
    }

    @Test
    void patientClaimConfinesATokenToThatPatient() {
        String token = provider.token("patient/*.rs", Optional.of(p.a), Optional.of("Patient/" + p.a), false);
        assertEquals(200, p.get("Patient/" + p.a, token).status());
        p.assertStatusWithoutB(403, p.get("Patient/" + p.b, token));
        Http.Response own = p.get("Observation?_count=500", token);
        p.assertStatusWithoutB(200, own);
        TwoPatients.refs(own).forEach(r -> assertTrue(p.aRefs.contains(r), r));
    }

    @Test
    void codeFlowTokenOfAPatientUserReachesOnlyTheirRecord() {
        JsonNode tokens = provider.codeFlow("Patient/" + p.a, "openid patient/*.rs");
        String token = tokens.path("access_token").asText();
        assertEquals("patient/*.rs", tokens.path("scope").asText().replace("openid", "").strip());
        assertEquals(200, p.get("Patient/" + p.a, token).status());
        p.assertStatusWithoutB(403, p.get("Patient/" + p.b, token));
        p.assertStatusWithoutB(403, p.get("Observation?patient=" + p.b, token));
    }

    @Test
    void codeFlowTokenOfAPractitionerReachesEveryPatientReadOnly() {
        String practitioner = p.get("Practitioner?_count=1", p.systemToken).json().path("entry").get(0)
                .path("resource").path("id").asText();
        String token = provider.codeFlow("Practitioner/" + practitioner, "openid user/*.rs")
                .path("access_token").asText();
        assertEquals(200, p.get("Patient/" + p.b, token).status());
        assertEquals(403, p.send("POST", "Observation", token, "application/fhir+json",
                "{\"resourceType\":\"Observation\",\"status\":\"final\",\"code\":{\"text\":\"x\"}}").status());
    }

    @Test
    void opaqueTokenIsIntrospectedAndEndsWithinTheCacheLifetimeAfterRevocation() {
        ExternalTokenProvider.Client client = provider.register("patient/*.rs", Optional.of(p.a),
                Optional.of("Patient/" + p.a), true);
        Http.Response issued = provider.clientCredentials(client, "patient/*.rs", fhirBase());
        String token = issued.json().path("access_token").asText();
        assertFalse(token.contains("."), "an opaque token, not a JWT: " + token);
        assertEquals(200, p.get("Patient/" + p.a, token).status());
        p.assertStatusWithoutB(403, p.get("Patient/" + p.b, token));
        provider.revoke(client, token);
        // Honoured at most for the introspection cache's lifetime (plus slack for a slow machine), then refused.
        int status = await("the revoked token refused").atMost(ResourceServerMode.INTROSPECTION_CACHE.plusSeconds(5))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> p.get("Patient/" + p.a, token).status(), answer -> answer != 200);
        assertEquals(401, status);
    }

    @Test
    void unknownOpaqueTokenIsRefused() {
        assertInvalidToken(p.get("Patient/" + p.a, "not-a-token-the-provider-issued"));
    }

    @Test
    void expiredTokenIsRefused() {
        String token = forge(provider.signingKey(), c -> c.issueTime(Date.from(Instant.now().minusSeconds(900)))
                .expirationTime(Date.from(Instant.now().minusSeconds(120))));
        assertInvalidToken(p.get("Patient/" + p.a, token));
    }

    @Test
    void forgedTokenSignedWithTheProvidersKeyIsAccepted() {
        // The control for the refusals below: the same claims, correctly signed, are honoured.
        assertEquals(200, p.get("Patient/" + p.a, forge(provider.signingKey(), c -> c)).status());
    }

    @Test
    void tokenSignedWithAnotherKeyUnderTheProvidersKeyIdIsRefused() throws JOSEException {
        RSAKey impostor = new RSAKeyGenerator(2048).keyID(provider.signingKey().getKeyID()).generate();
        assertInvalidToken(p.get("Patient/" + p.a, forge(impostor, c -> c)));
        RSAKey unknown = new RSAKeyGenerator(2048).keyID("unknown-" + UUID.randomUUID()).generate();
        assertInvalidToken(p.get("Patient/" + p.a, forge(unknown, c -> c)));
    }

    @Test
    void tamperedTokenIsRefused() {
        Http.Response answer = provider.backendToken("system/Patient.rs", fhirBase());
        assertEquals("system/Patient.rs", answer.json().path("scope").asText(), answer.body());
        String[] parts = answer.json().path("access_token").asText().split("\\.");
        String widened = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                new String(java.util.Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                        .replace("system/Patient.rs", "system/*.cruds").getBytes(StandardCharsets.UTF_8));
        assertInvalidToken(p.get("Patient/" + p.a, parts[0] + "." + widened + "." + parts[2]));
    }

    @Test
    void tokenForAnotherAudienceIsRefused() {
        Http.Response answer = provider.backendToken("system/Patient.rs", ExternalTokenProvider.OTHER_RESOURCE);
        assertEquals(200, answer.status(), answer.body());
        assertInvalidToken(p.get("Patient/" + p.a, answer.json().path("access_token").asText()));
    }

    @Test
    void tokenOfAnotherIssuerIsRefused() {
        assertInvalidToken(p.get("Patient/" + p.a,
                forge(provider.signingKey(), c -> c.issuer("http://127.0.0.1:1"))));
    }

    @Test
    void unsignedAndHmacForgedTokensAreRefused() throws JOSEException {
        JWTClaimsSet claims = SignedJWTs.claims(forge(provider.signingKey(), c -> c));
        assertInvalidToken(p.get("Patient/" + p.a, new PlainJWT(claims).serialize()));
        // The classic confusion: an HMAC keyed with the provider's public key, under the provider's key id.
        SignedJWT hmac = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256)
                .keyID(provider.signingKey().getKeyID()).build(), claims);
        hmac.sign(new MACSigner(provider.signingKey().toPublicJWK().toJSONString()
                .getBytes(StandardCharsets.UTF_8)));
        assertInvalidToken(p.get("Patient/" + p.a, hmac.serialize()));
    }

    @Test
    void validTokenWithoutAnySmartScopeIsForbidden() {
        String token = provider.token("launch/patient", Optional.of(p.a), Optional.empty(), false);
        Http.Response read = p.get("Patient/" + p.a, token);
        assertEquals(403, read.status(), read.body());
        assertEquals(403, p.get("Observation?_count=1", token).status());
    }

    /** Reads the claims of a serialized JWT. */
    private static final class SignedJWTs {
        static JWTClaimsSet claims(String jwt) {
            try {
                return SignedJWT.parse(jwt).getJWTClaimsSet();
            } catch (java.text.ParseException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @Test
    void aRefusedReadWithAnExternalTokenIsRecordedWithItsClientSubjectAndJti() throws Exception {
        String token = provider.token("patient/*.rs", Optional.of(p.a), Optional.of("Patient/" + p.a), false);
        JWTClaimsSet claims = SignedJWT.parse(token).getJWTClaimsSet();
        String foreign = "Patient/" + p.b;
        p.assertStatusWithoutB(403, p.get(foreign, token));

        String auditor = provider.token("system/AuditEvent.rs", Optional.empty(), Optional.empty(), false);
        String policy = "urn:ietf:params:oauth:jti:" + claims.getJWTID();
        JsonNode event = null;
        Instant deadline = Instant.now().plusSeconds(30);
        while (event == null && Instant.now().isBefore(deadline)) {
            Http.Response found = p.get("AuditEvent?policy=" + TwoPatients.enc(policy), auditor);
            assertEquals(200, found.status(), found.body());
            if (found.json().path("entry").size() > 0) {
                event = found.json().path("entry").get(0).path("resource");
            } else {
                Thread.sleep(200);
            }
        }
        assertTrue(event != null, "an access-refused event within 30 s");
        assertEquals("access-refused", event.path("subtype").get(0).path("code").asText());
        assertEquals("read", event.path("subtype").get(1).path("code").asText());
        assertEquals("8", event.path("outcome").asText());
        String clientId = claims.getStringClaim("client_id");
        JsonNode client = null;
        JsonNode user = null;
        for (JsonNode agent : event.path("agent")) {
            String type = agent.path("type").path("coding").get(0).path("code").asText();
            if (type.equals("110150")) {
                client = agent;
            } else if (type.equals("IRCP")) {
                user = agent;
            }
        }
        assertEquals(clientId, client.path("who").path("identifier").path("value").asText());
        assertEquals(provider.issuer(), client.path("who").path("identifier").path("system").asText(),
                "the client is the external issuer's");
        assertEquals(claims.getSubject(), user.path("who").path("identifier").path("value").asText());
        assertEquals("Patient/" + p.a, user.path("who").path("reference").asText());
        assertEquals(policy, user.path("policy").get(0).asText());
        assertEquals(fhirBase(), event.path("source").path("observer").path("identifier").path("value").asText());
        assertTrue(event.toString().contains("GET " + foreign), event.toString());
        assertFalse(event.toString().contains(token), "the token itself is never recorded");
    }
}
