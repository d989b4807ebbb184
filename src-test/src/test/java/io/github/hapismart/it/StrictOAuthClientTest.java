package io.github.hapismart.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.hapismart.sample.SampleServerOptions;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A strict OAuth 2.0 / OpenID Connect client, {@code oauth4webapi}, used unchanged with its default validation
 * against the sample server behind HTTPS (its self-signed localhost certificate, trusted by Node through
 * {@code NODE_EXTRA_CA_CERTS} and by the Java side through a trust store holding only that certificate; nothing
 * trusts everything, and the client's {@code allowInsecureRequests} is not used): discovery, the code flow with PKCE
 * and the RFC 9207 {@code iss} check on success and error redirects, userinfo, refresh with a fresh id_token,
 * introspection and revocation, and client_credentials with private_key_jwt.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StrictOAuthClientTest {

    private static final String SCOPE = "openid fhirUser profile offline_access launch/patient patient/*.rs";
    private static final String REDIRECT_URI = "https://localhost:9/cb";
    private Http http;
    private SampleServerFixture server;
    private ServerAddress https;
    private Path certificatePem;
    private SSLContext tls;

    @BeforeAll
    void start() throws Exception {
        int httpsPort = SampleServerFixture.freePort();
        String publicUrl = "https://localhost:" + httpsPort;
        server = SampleServerFixture.start(options -> new SampleServerOptions(options.port(),
                Optional.of(httpsPort), Optional.empty(), options.keystorePassword(), options.dataDir(),
                Optional.of(publicUrl), Optional.empty(), true, 0));
        https = () -> publicUrl;
        KeyStore keystore = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(server.dataDir().resolve("tls").resolve("self-signed.p12"))) {
            keystore.load(in, "changeit".toCharArray());
        }
        Certificate certificate = keystore.getCertificate("sample-server");
        certificatePem = Files.createTempFile(server.dataDir(), "server-cert", ".pem");
        Files.writeString(certificatePem, "-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(certificate.getEncoded())
                + "\n-----END CERTIFICATE-----\n");
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        trusted.setCertificateEntry("sample-server", certificate);
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trusted);
        tls = SSLContext.getInstance("TLS");
        tls.init(null, factory.getTrustManagers(), null);
        http = new Http(tls);
    }

    @AfterAll
    void stop() throws IOException {
        server.close();
    }

    private String patientId() {
        return server.server().application().plugin().authorizationServer().users().findByUsername("patient")
                .orElseThrow().fhirUserId();
    }

    @Test
    void oauth4webapiCompletesEveryFlowWithItsDefaultStrictValidation() {
        Http.Response registered = http.postJson(server.rootUrl() + "/auth/register", """
                {"client_name": "oauth4webapi", "token_endpoint_auth_method": "client_secret_basic",
                 "grant_types": ["authorization_code", "refresh_token"], "redirect_uris": ["%s"],
                 "scope": "%s"}""".formatted(REDIRECT_URI, SCOPE));
        assertEquals(201, registered.status(), registered.body());
        BackendClient backend = BackendClient.es384().registerWithJwks(http, server, "system/Patient.rs");
        try (NodeScript client = NodeScript.start("strict-oauth-client.mjs", Map.of(
                "NODE_EXTRA_CA_CERTS", certificatePem.toString(),
                "ISSUER", https.fhirBase(),
                "CLIENT_ID", registered.json().path("client_id").asText(),
                "CLIENT_SECRET", registered.json().path("client_secret").asText(),
                "REDIRECT_URI", REDIRECT_URI,
                "SCOPE", SCOPE,
                "BAD_SCOPE", "system/*.cruds",
                "BACKEND_CLIENT_ID", backend.clientId(),
                "BACKEND_SCOPE", "system/Patient.rs",
                "PRIVATE_JWK", backend.key().toJSONString()))) {
            JsonNode start = client.readJson();
            assertFalse(start.has("error"), start.toString());
            String redirect = new PageSession(https, tls).authorize(start.path("authorizationUrl").asText(),
                    "patient", "demo-patient", null, checked -> checked);
            assertTrue(redirect.startsWith(REDIRECT_URI + "?"), redirect);
            client.writeLine(redirect);

            JsonNode errorStart = client.readJson();
            assertFalse(errorStart.has("error"), errorStart.toString());
            PageSession.Page refused = new PageSession(https, tls).get(
                    errorStart.path("errorAuthorizationUrl").asText());
            assertEquals(302, refused.status(), refused.body());
            client.writeLine(refused.location());

            JsonNode outcome = client.readJson();
            assertFalse(outcome.has("error"), outcome.toString());
            assertEquals(https.fhirBase(), outcome.path("issuer").asText());
            assertTrue(outcome.path("issParameterSupported").asBoolean(), outcome.toString());
            assertFalse(outcome.has("forgedIssAccepted"), outcome.toString());
            assertTrue(outcome.path("forgedIssRefused").asText().contains("iss"), outcome.toString());

            JsonNode idToken = outcome.path("idToken");
            assertEquals(https.fhirBase() + "/Patient/" + patientId(), idToken.path("fhirUser").asText());
            assertEquals(idToken.path("sub"), outcome.path("userinfo").path("sub"));
            assertEquals(idToken.path("fhirUser"), outcome.path("userinfo").path("fhirUser"));

            JsonNode refreshed = outcome.path("refreshedIdToken");
            assertEquals(idToken.path("sub"), refreshed.path("sub"), outcome.toString());
            assertTrue(refreshed.path("nonce").isMissingNode(), refreshed.toString());

            JsonNode introspected = outcome.path("introspectedAccessToken");
            assertTrue(introspected.path("active").asBoolean(), introspected.toString());
            assertEquals(patientId(), introspected.path("patient").asText());
            assertEquals(idToken.path("fhirUser"), introspected.path("fhirUser"));
            assertTrue(outcome.path("introspectedRefreshToken").path("active").asBoolean(), outcome.toString());
            assertFalse(outcome.path("afterRevocation").path("refreshToken").asBoolean(true), outcome.toString());
            assertFalse(outcome.path("afterRevocation").path("accessToken").asBoolean(true), outcome.toString());

            assertEquals("invalid_scope", outcome.path("errorRedirect").path("error").asText(), outcome.toString());
            assertEquals(https.fhirBase(), outcome.path("errorRedirect").path("iss").asText());

            JsonNode system = outcome.path("backend");
            assertEquals("system/Patient.rs", system.path("scope").asText());
            assertTrue(system.path("introspected").path("active").asBoolean(), system.toString());
            assertEquals(backend.clientId(), system.path("introspected").path("client_id").asText());
            assertFalse(system.path("activeAfterRevocation").asBoolean(true), system.toString());
            assertNull(outcome.get("forgedIssAccepted"));
        }
    }
}
