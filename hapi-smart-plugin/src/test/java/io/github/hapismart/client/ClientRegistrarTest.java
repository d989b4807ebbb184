package io.github.hapismart.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.util.JSONObjectUtils;
import io.github.hapismart.store.MovableClock;
import io.github.hapismart.store.TokenHashing;
import io.github.hapismart.web.OAuthException;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.password.NoOpPasswordEncoder;

/** RFC 7591 client metadata, read without a server: what is registered, and each refusal's error code. */
class ClientRegistrarTest {

    private final List<RegisteredClient> saved = new ArrayList<>();
    private final ClientRegistrar registrar = new ClientRegistrar(new ClientRepository() {
        @Override
        public Optional<RegisteredClient> findById(String clientId) {
            return saved.stream().filter(c -> c.clientId().equals(clientId)).findFirst();
        }

        @Override
        public void save(RegisteredClient client) {
            saved.add(client);
        }

        @Override
        public List<RegisteredClient> findAll() {
            return List.copyOf(saved);
        }
    }, NoOpPasswordEncoder.getInstance(), new TokenHashing(new SecureRandom()),
            new MovableClock(Instant.parse("2026-01-01T00:00:00Z")), "launch openid");

    @Test
    void aConfidentialAppGetsASecretAndTheDefaultsOfRfc7591() throws Exception {
        ClientRegistrar.Registration registration = registrar.register(json("""
                {"client_name": "Growth chart", "redirect_uris": ["https://app.example.org/cb"],
                 "initiate_login_uri": "https://app.example.org/launch"}"""));
        RegisteredClient client = registration.client();
        assertEquals("Growth chart", client.clientName());
        assertEquals(ClientAuthMethod.CLIENT_SECRET_BASIC, client.authMethod());
        assertEquals(Set.of(RegisteredClient.AUTHORIZATION_CODE), client.grantTypes());
        assertEquals(List.of(URI.create("https://app.example.org/cb")), client.redirectUris());
        assertEquals("launch openid", client.scope());
        assertEquals(Optional.of(URI.create("https://app.example.org/launch")), client.initiateLoginUri());
        assertTrue(registration.clientSecret().isPresent());
        assertEquals(List.of(client), saved);
    }

    @Test
    void aBackendServiceRegistersItsPublicKeysAndSystemScope() throws Exception {
        ECKey key = new ECKeyGenerator(Curve.P_384).keyID("k1").generate();
        RegisteredClient client = registrar.register(json("""
                {"grant_types": ["client_credentials"], "token_endpoint_auth_method": "private_key_jwt",
                 "scope": "system/Patient.rs", "jwks": {"keys": [%s]}}""".formatted(key.toPublicJWK().toJSONString())))
                .client();
        assertEquals(ClientAuthMethod.PRIVATE_KEY_JWT, client.authMethod());
        assertEquals("system/Patient.rs", client.scope());
        assertTrue(client.jwks().orElseThrow().contains("\"k1\""));
        assertFalse(client.jwks().orElseThrow().contains("\"d\""), "a private part was stored");
    }

    @Test
    void redirectUriFaultsAreInvalidRedirectUri() {
        for (String redirectUris : List.of("[\"https://app.example.org/cb#frag\"]", "[\"javascript:alert(1)\"]",
                "[\"/callback\"]", "[\"https://\"]", "[5]", "\"https://app.example.org/cb\"", "[]")) {
            expect("invalid_redirect_uri", """
                    {"redirect_uris": %s, "token_endpoint_auth_method": "none"}""".formatted(redirectUris));
        }
    }

    @Test
    void unsupportedOrMalformedMetadataIsInvalidClientMetadata() throws Exception {
        ECKey privateKey = new ECKeyGenerator(Curve.P_384).keyID("k1").generate();
        for (String metadata : List.of(
                "{\"redirect_uris\": [\"https://a.example/cb\"], \"token_endpoint_auth_method\": \"tls_client_auth\"}",
                "{\"redirect_uris\": [\"https://a.example/cb\"], \"token_endpoint_auth_method\": \"magic\"}",
                "{\"redirect_uris\": [\"https://a.example/cb\"], \"grant_types\": [\"password\"]}",
                "{\"redirect_uris\": [\"https://a.example/cb\"], \"grant_types\": []}",
                "{\"redirect_uris\": [\"https://a.example/cb\"], \"response_types\": [\"token\"]}",
                "{\"redirect_uris\": [\"https://a.example/cb\"], \"client_name\": 5}",
                "{\"grant_types\": [\"client_credentials\"], \"token_endpoint_auth_method\": \"client_secret_basic\"}",
                "{\"grant_types\": [\"client_credentials\"], \"token_endpoint_auth_method\": \"private_key_jwt\"}",
                "{\"grant_types\": [\"client_credentials\"], \"token_endpoint_auth_method\": \"private_key_jwt\","
                        + " \"jwks\": {\"keys\": [" + privateKey.toJSONString() + "]}}",
                "{\"grant_types\": [\"client_credentials\"], \"token_endpoint_auth_method\": \"private_key_jwt\","
                        + " \"jwks\": {\"keys\": [{\"kty\": \"oct\", \"k\": \"AAAA\"}]}}",
                "{\"grant_types\": [\"client_credentials\"], \"token_endpoint_auth_method\": \"private_key_jwt\","
                        + " \"jwks\": \"keys\"}",
                "{\"grant_types\": [\"client_credentials\"], \"token_endpoint_auth_method\": \"private_key_jwt\","
                        + " \"jwks_uri\": \"http://keys.example.org/jwks.json\"}",
                "{\"redirect_uris\": [\"https://a.example/cb\"], \"initiate_login_uri\": \"ftp://a.example/\"}")) {
            expect("invalid_client_metadata", metadata);
        }
        assertTrue(saved.isEmpty());
    }

    private void expect(String code, String metadata) {
        OAuthException e = assertThrows(OAuthException.class, () -> registrar.register(json(metadata)), metadata);
        assertEquals(code, e.error().code(), metadata + " -> " + e.error().description());
        assertEquals(400, e.error().httpStatus());
        assertFalse(e.error().description().isBlank());
    }

    private static Map<String, Object> json(String text) {
        try {
            return JSONObjectUtils.parse(text);
        } catch (java.text.ParseException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
