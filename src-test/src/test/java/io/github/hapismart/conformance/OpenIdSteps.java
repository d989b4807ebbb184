package io.github.hapismart.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.SignedJWT;
import io.github.hapismart.it.Http;
import java.text.ParseException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The steps of Inferno's {@code smart_openid_connect_stu2_2} group: decode the id_token, fetch the OpenID
 * configuration from its issuer, check its required fields, fetch the JWKS, check the header (RS256, kid), verify the
 * signature and claims, read the {@code fhirUser} resource, and check CORS on that read.
 */
final class OpenIdSteps {

    private static final Set<String> FHIR_USER_TYPES = Set.of("Patient", "Practitioner", "RelatedPerson", "Person");

    private final Http http;
    private final LaunchSteps launch;
    private SignedJWT idToken;
    private JsonNode configuration;
    private List<RSAKey> rsaKeys;
    private RSAKey signingKey;
    private String fhirUser;

    OpenIdSteps(Http http, LaunchSteps launch) {
        this.http = http;
        this.launch = launch;
    }

    /** smart_openid_decode_id_token. */
    void decodeIdToken() {
        Inferno.skipIf(launch.idToken == null || launch.idToken.isBlank(), "No id_token");
        try {
            idToken = SignedJWT.parse(launch.idToken);
            idToken.getJWTClaimsSet();
        } catch (ParseException e) {
            fail("ID token is not a properly constructed JWT: " + e.getMessage());
        }
    }

    /** smart_openid_retrieve_configuration: {@code iss}/.well-known/openid-configuration, 200, JSON. */
    void retrieveConfiguration() throws ParseException {
        Inferno.skipIf(idToken == null, "No decoded id_token");
        String issuer = idToken.getJWTClaimsSet().getIssuer();
        assertNotNull(issuer, "ID token has no iss");
        Http.Response response = http.get(issuer.replaceAll("/$", "") + "/.well-known/openid-configuration");
        Inferno.assertStatus(response, 200);
        String type = response.header("Content-Type");
        assertTrue(type != null && type.startsWith("application/json"), "Expected content type application/json, "
                + "received " + type);
        configuration = Inferno.assertValidJson(response.body());
    }

    /** smart_openid_required_configuration_fields: the OIDC discovery required fields, RS256 supported. */
    void requiredConfigurationFields() {
        Inferno.skipIf(configuration == null, "No OpenID configuration");
        List<String> missing = new ArrayList<>();
        for (String field : new String[] {"issuer", "authorization_endpoint", "token_endpoint", "jwks_uri",
                "response_types_supported", "subject_types_supported", "id_token_signing_alg_values_supported"}) {
            if (!configuration.has(field)) {
                missing.add(field);
            }
        }
        assertTrue(missing.isEmpty(), "OpenID Connect well-known configuration missing required fields: " + missing);
        boolean rs256 = false;
        for (JsonNode alg : configuration.path("id_token_signing_alg_values_supported")) {
            rs256 |= "RS256".equals(alg.asText());
        }
        assertTrue(rs256, "Signing tokens with RSA SHA-256 not supported");
    }

    /** smart_openid_retrieve_jwks: 200, JSON, {@code keys} array with importable RSA keys. */
    void retrieveJwks() {
        Inferno.skipIf(configuration == null || !configuration.hasNonNull("jwks_uri"), "No jwks_uri");
        Http.Response response = http.get(configuration.path("jwks_uri").asText());
        Inferno.assertStatus(response, 200);
        JsonNode jwks = Inferno.assertValidJson(response.body());
        assertTrue(jwks.path("keys").isArray(), "JWKS `keys` field must be an array");
        rsaKeys = new ArrayList<>();
        for (JsonNode key : jwks.path("keys")) {
            if ("RSA".equals(key.path("kty").asText())) {
                try {
                    rsaKeys.add(JWK.parse(key.toString()).toRSAKey());
                } catch (ParseException e) {
                    fail("Invalid JWK: " + key);
                }
            }
        }
        assertFalse(rsaKeys.isEmpty(), "JWKS contains no RSA keys");
    }

    /** smart_openid_token_header: RS256; with several RSA keys, a {@code kid} naming one of them. */
    void tokenHeader() {
        Inferno.skipIf(idToken == null || rsaKeys == null, "No id_token or no RSA keys");
        assertEquals("RS256", idToken.getHeader().getAlgorithm().getName(), "ID Token signed with `"
                + idToken.getHeader().getAlgorithm() + "` rather than RS256");
        String kid = idToken.getHeader().getKeyID();
        if (rsaKeys.size() > 1) {
            assertNotNull(kid, "`kid` field must be present if JWKS contains multiple keys");
            signingKey = rsaKeys.stream().filter(k -> kid.equals(k.getKeyID())).findFirst()
                    .orElseThrow(() -> new AssertionError("JWKS did not contain an RS256 key with an id of `" + kid
                            + "`"));
        } else {
            signingKey = rsaKeys.get(0);
            assertTrue(kid == null || kid.equals(signingKey.getKeyID()), "JWKS did not contain an RS256 key with an "
                    + "id of `" + kid + "`");
        }
    }

    /** smart_openid_token_payload: signature, iss = configuration issuer, aud = client_id, exp, sub, claims. */
    void tokenPayload() throws Exception {
        Inferno.skipIf(idToken == null || configuration == null || signingKey == null, "Missing inputs");
        assertTrue(idToken.verify(new RSASSAVerifier(signingKey)), "Token validation error: signature invalid");
        var claims = idToken.getJWTClaimsSet();
        assertEquals(configuration.path("issuer").asText(), claims.getIssuer(), "Token validation error: iss");
        assertTrue(claims.getAudience().contains(launch.auth.clientId), "Token validation error: aud "
                + claims.getAudience() + " is not " + launch.auth.clientId);
        assertNotNull(claims.getExpirationTime(), "ID token missing required claims: `exp`");
        assertTrue(claims.getExpirationTime().toInstant().isAfter(Instant.now().minusSeconds(60)),
                "Token validation error: expired");
        String sub = claims.getSubject();
        assertTrue(sub != null && !sub.isBlank(), "ID token `sub` claim is blank");
        assertTrue(sub.length() < 256, "ID token `sub` claim exceeds 255 characters in length");
        assertNotNull(claims.getIssueTime(), "ID token missing required claims: `iat`");
    }

    /** smart_openid_fhir_user_claim: {@code fhirUser} names a Patient/Practitioner/RelatedPerson/Person we can read. */
    void fhirUserClaim() throws ParseException {
        Inferno.skipIf(idToken == null, "No id_token");
        Inferno.skipIf(!launch.auth.requestedScopes.contains("fhirUser"), "`fhirUser` scope not requested");
        fhirUser = idToken.getJWTClaimsSet().getStringClaim("fhirUser");
        assertNotNull(fhirUser, "ID token does not contain `fhirUser` claim");
        String[] segments = fhirUser.split("/");
        String type = segments.length >= 2 ? segments[segments.length - 2] : "";
        assertTrue(FHIR_USER_TYPES.contains(type), "ID token `fhirUser` claim does not refer to a valid resource "
                + "type: " + fhirUser);
        Http.Response response = launch.read(type, segments[segments.length - 1]);
        Inferno.assertStatus(response, 200);
        assertEquals(type, Inferno.assertValidJson(response.body()).path("resourceType").asText(),
                "Unexpected resource type");
    }

    /** smart_cors_openid_fhir_user_claim: the fhirUser read allows Inferno's origin. */
    void corsFhirUserClaim() {
        Inferno.skipIf(fhirUser == null, "No fhirUser");
        String[] segments = fhirUser.split("/");
        Http.Response response = launch.read(segments[segments.length - 2], segments[segments.length - 1],
                "Origin", Inferno.ORIGIN);
        Inferno.assertStatus(response, 200);
        DiscoverySteps.assertAllowsInfernoOrigin(response);
    }
}
