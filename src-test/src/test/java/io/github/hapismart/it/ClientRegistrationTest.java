package io.github.hapismart.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import io.github.hapismart.SmartAuthorizationServer;
import io.github.hapismart.client.RegisteredClient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/** RFC 7591 registration on the sample server (which runs it in open mode): valid clients and each refusal. */
@ExtendWith(SharedServer.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClientRegistrationTest {

    private final Http http = new Http();
    private SampleServerFixture server;
    private String endpoint;

    @BeforeAll
    void startServer(SampleServerFixture server) {
        this.server = server;
        this.endpoint = server.rootUrl() + "/auth/register";
    }

    private SmartAuthorizationServer authorizationServer() {
        return server.server().application().plugin().authorizationServer();
    }

    @Test
    void publicClientIsRegisteredWithoutSecret() {
        Http.Response response = http.postJson(endpoint, """
                {"client_name": "Public app", "redirect_uris": ["https://app.example.org/callback"],
                 "token_endpoint_auth_method": "none", "grant_types": ["authorization_code", "refresh_token"],
                 "scope": "launch/patient openid fhirUser patient/*.rs"}""");
        assertEquals(201, response.status(), response.body());
        assertEquals("no-store", response.header("Cache-Control"));
        JsonNode body = response.json();
        assertFalse(body.path("client_id").asText().isEmpty());
        assertFalse(body.has("client_secret"));
        assertEquals("none", body.path("token_endpoint_auth_method").asText());
        RegisteredClient stored = authorizationServer().clients().findById(body.path("client_id").asText())
                .orElseThrow();
        assertTrue(stored.hasRedirectUri("https://app.example.org/callback"));
        assertEquals("launch/patient openid fhirUser patient/*.rs", stored.scope());
    }

    @Test
    void confidentialClientSecretIsReturnedOnceAndStoredOnlyAsHash() {
        Http.Response response = http.postJson(endpoint, """
                {"redirect_uris": ["https://app.example.org/cb"], "token_endpoint_auth_method": "client_secret_basic"}""");
        assertEquals(201, response.status(), response.body());
        String clientId = response.json().path("client_id").asText();
        String secret = response.json().path("client_secret").asText();
        assertTrue(secret.length() >= 32, secret);
        String storedHash = authorizationServer().database().queryOne(
                "SELECT secret_hash FROM smart_client WHERE client_id = ?", row -> row.getString(1), clientId)
                .orElseThrow();
        assertNotEquals(secret, storedHash);
        assertFalse(storedHash.contains(secret));
        assertTrue(storedHash.startsWith("{bcrypt}"), storedHash);
        assertTrue(authorizationServer().passwordEncoder().matches(secret, storedHash));
    }

    @Test
    void backendServiceWithJwksIsRegistered() throws Exception {
        ECKey key = new ECKeyGenerator(Curve.P_384).keyID("k1").generate();
        Http.Response response = http.postJson(endpoint, """
                {"grant_types": ["client_credentials"], "token_endpoint_auth_method": "private_key_jwt",
                 "scope": "system/*.rs", "jwks": {"keys": [%s]}}""".formatted(key.toPublicJWK().toJSONString()));
        assertEquals(201, response.status(), response.body());
        assertEquals("k1", response.json().path("jwks").path("keys").get(0).path("kid").asText());
        assertEquals("system/*.rs", response.json().path("scope").asText());
    }

    @Test
    void missingRedirectUrisIsInvalidRedirectUri() {
        expectError(http.postJson(endpoint, "{\"token_endpoint_auth_method\": \"none\"}"), "invalid_redirect_uri");
    }

    @Test
    void redirectUriWithFragmentIsInvalidRedirectUri() {
        expectError(http.postJson(endpoint, """
                {"redirect_uris": ["https://app.example.org/cb#frag"], "token_endpoint_auth_method": "none"}"""),
                "invalid_redirect_uri");
    }

    @Test
    void javascriptRedirectUriIsInvalidRedirectUri() {
        expectError(http.postJson(endpoint, """
                {"redirect_uris": ["javascript:alert(1)"], "token_endpoint_auth_method": "none"}"""),
                "invalid_redirect_uri");
    }

    @Test
    void relativeRedirectUriIsInvalidRedirectUri() {
        expectError(http.postJson(endpoint, """
                {"redirect_uris": ["/callback"], "token_endpoint_auth_method": "none"}"""), "invalid_redirect_uri");
    }

    @Test
    void unknownAuthMethodIsInvalidClientMetadata() {
        expectError(http.postJson(endpoint, """
                {"redirect_uris": ["https://a.example/cb"], "token_endpoint_auth_method": "tls_client_auth"}"""),
                "invalid_client_metadata");
    }

    @Test
    void unknownGrantTypeIsInvalidClientMetadata() {
        expectError(http.postJson(endpoint, """
                {"redirect_uris": ["https://a.example/cb"], "grant_types": ["password"]}"""),
                "invalid_client_metadata");
    }

    @Test
    void clientCredentialsWithASecretIsInvalidClientMetadata() {
        expectError(http.postJson(endpoint, """
                {"grant_types": ["client_credentials"], "token_endpoint_auth_method": "client_secret_basic"}"""),
                "invalid_client_metadata");
    }

    @Test
    void privateKeyJwtWithoutKeysIsInvalidClientMetadata() {
        expectError(http.postJson(endpoint, """
                {"grant_types": ["client_credentials"], "token_endpoint_auth_method": "private_key_jwt"}"""),
                "invalid_client_metadata");
    }

    @Test
    void privateKeyInJwksIsInvalidClientMetadata() throws Exception {
        ECKey key = new ECKeyGenerator(Curve.P_384).keyID("k1").generate();
        expectError(http.postJson(endpoint, """
                {"grant_types": ["client_credentials"], "token_endpoint_auth_method": "private_key_jwt",
                 "jwks": {"keys": [%s]}}""".formatted(key.toJSONString())), "invalid_client_metadata");
    }

    @Test
    void plainHttpJwksUriOffLoopbackIsInvalidClientMetadata() {
        expectError(http.postJson(endpoint, """
                {"grant_types": ["client_credentials"], "token_endpoint_auth_method": "private_key_jwt",
                 "jwks_uri": "http://keys.example.org/jwks.json"}"""), "invalid_client_metadata");
    }

    @Test
    void bodyThatIsNotJsonIsInvalidClientMetadata() {
        expectError(http.postJson(endpoint, "redirect_uris=https://a.example/cb"), "invalid_client_metadata");
    }

    @Test
    void responseTypeOtherThanCodeIsInvalidClientMetadata() {
        expectError(http.postJson(endpoint, """
                {"redirect_uris": ["https://a.example/cb"], "response_types": ["token"]}"""),
                "invalid_client_metadata");
    }

    private static void expectError(Http.Response response, String code) {
        assertEquals(400, response.status(), response.body());
        assertEquals(code, response.json().path("error").asText(), response.body());
        assertFalse(response.json().path("error_description").asText().isEmpty());
        assertFalse(response.body().contains("Exception"), response.body());
    }
}
