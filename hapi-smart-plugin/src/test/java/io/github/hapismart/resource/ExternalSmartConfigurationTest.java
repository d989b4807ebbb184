package io.github.hapismart.resource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.hapismart.store.MovableClock;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ExternalSmartConfigurationTest {

    private StubAuthorizationServer idp;

    @BeforeEach
    void start() throws Exception {
        idp = new StubAuthorizationServer();
    }

    @AfterEach
    void stop() {
        idp.close();
    }

    private Map<String, Object> document(ResourceServerSettings settings) {
        return new ExternalSmartConfiguration(settings, new AuthorizationServerMetadata(settings,
                HttpClient.newHttpClient(), new MovableClock(Instant.now()))).toJson();
    }

    private Map<String, Object> keycloakLike() {
        return Map.of("issuer", idp.url(), "authorization_endpoint", idp.url() + "/auth",
                "token_endpoint", idp.url() + "/token", "jwks_uri", idp.url() + "/jwks",
                "grant_types_supported", List.of("authorization_code", "refresh_token", "client_credentials"),
                "token_endpoint_auth_methods_supported", List.of("client_secret_basic", "private_key_jwt"),
                "scopes_supported", List.of("openid", "offline_access", "patient/*.rs"),
                "response_types_supported", List.of("code"), "code_challenge_methods_supported", List.of("S256"));
    }

    @SuppressWarnings("unchecked")
    private static List<String> capabilities(Map<String, Object> doc) {
        return (List<String>) doc.get("capabilities");
    }

    @Test
    void endpointsComeFromTheProvidersMetadata() {
        idp.metadata.set(keycloakLike());
        Map<String, Object> doc = document(ResourceServerSettings.builder(idp.url()).build());
        assertEquals(idp.url(), doc.get("issuer"));
        assertEquals(idp.url() + "/token", doc.get("token_endpoint"));
        assertEquals(idp.url() + "/auth", doc.get("authorization_endpoint"));
        assertEquals(List.of("S256"), doc.get("code_challenge_methods_supported"));
        assertEquals(List.of("launch-standalone", "client-confidential-symmetric", "client-confidential-asymmetric",
                "sso-openid-connect", "permission-offline", "permission-patient", "permission-user", "permission-v1",
                "permission-v2"), capabilities(doc));
    }

    @Test
    void capabilitiesTheProviderLacksAreNotClaimed() {
        Map<String, Object> bare = new java.util.HashMap<>(keycloakLike());
        bare.put("token_endpoint_auth_methods_supported", List.of("none"));
        bare.put("scopes_supported", List.of("patient/*.rs"));
        idp.metadata.set(bare);
        List<String> capabilities = capabilities(document(ResourceServerSettings.builder(idp.url()).build()));
        assertTrue(capabilities.contains("client-public"));
        assertFalse(capabilities.contains("client-confidential-symmetric"));
        assertFalse(capabilities.contains("sso-openid-connect"));
        assertFalse(capabilities.contains("permission-offline"));
        assertFalse(capabilities.contains("launch-ehr"));
    }

    @Test
    void metadataNamingAnotherIssuerIsNotUsedButConfiguredEndpointsAre() {
        Map<String, Object> wrong = new java.util.HashMap<>(keycloakLike());
        wrong.put("issuer", "https://evil.example.org");
        idp.metadata.set(wrong);
        Map<String, Object> doc = document(ResourceServerSettings.builder(idp.url())
                .tokenEndpoint(URI.create("https://idp.example.org/token")).build());
        assertEquals("https://idp.example.org/token", doc.get("token_endpoint"));
        assertFalse(doc.containsKey("authorization_endpoint"));
        assertFalse(capabilities(doc).contains("launch-standalone"));
    }

    @Test
    void declaredContextCapabilitiesAreAdvertised() {
        idp.metadata.set(keycloakLike());
        assertTrue(capabilities(document(ResourceServerSettings.builder(idp.url())
                .contextCapabilities(List.of("context-standalone-patient")).build()))
                .contains("context-standalone-patient"));
    }
}
