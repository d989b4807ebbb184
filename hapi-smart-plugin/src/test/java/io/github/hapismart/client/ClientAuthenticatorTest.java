package io.github.hapismart.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.hapismart.web.OAuthException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;

/** Client authentication by secret, without a server: the Basic header's encoding, and the one-method rule. */
class ClientAuthenticatorTest {

    private static final String SECRET = "s3cr:t%+&é";
    private static final PasswordEncoder ENCODER = PasswordEncoderFactories.createDelegatingPasswordEncoder();

    private final List<RegisteredClient> clients = new ArrayList<>();
    private final ClientAuthenticator authenticator;

    ClientAuthenticatorTest() {
        clients.add(new RegisteredClient("web app", "Web app", ClientAuthMethod.CLIENT_SECRET_BASIC,
                Optional.of(ENCODER.encode(SECRET)), List.of(), Set.of(RegisteredClient.AUTHORIZATION_CODE), "launch",
                Optional.empty(), Optional.empty(), Optional.empty(), Instant.EPOCH));
        ClientRepository repository = new ClientRepository() {
            @Override
            public Optional<RegisteredClient> findById(String clientId) {
                return clients.stream().filter(c -> c.clientId().equals(clientId)).findFirst();
            }

            @Override
            public void save(RegisteredClient client) {
                clients.add(client);
            }

            @Override
            public List<RegisteredClient> findAll() {
                return List.copyOf(clients);
            }
        };
        authenticator = new ClientAuthenticator(repository, ENCODER, null);
    }

    @Test
    void basicCredentialsAreFormEncodedBeforeBase64AsRfc6749Requires() {
        assertEquals("web app", authenticator.authenticate(basic(form("web app"), form(SECRET)), Map.of()).clientId());
    }

    @Test
    void theBasicSchemeIsCaseInsensitiveAndExtraSpacesAreTolerated() {
        String header = basic(form("web app"), form(SECRET)).replace("Basic ", "basic   ");
        assertEquals("web app", authenticator.authenticate(header, Map.of()).clientId());
    }

    @Test
    void aWrongSecretIsInvalidClient() {
        expect("invalid_client", 401, basic(form("web app"), "wrong"), Map.of());
    }

    @Test
    void malformedBasicCredentialsAreInvalidClient() {
        expect("invalid_client", 401, "Basic !!!not-base64!!!", Map.of());
        expect("invalid_client", 401,
                "Basic " + Base64.getEncoder().encodeToString("no-colon".getBytes(StandardCharsets.UTF_8)), Map.of());
    }

    @Test
    void aClientIdParameterOtherThanTheBasicOneIsInvalidClient() {
        expect("invalid_client", 401, basic(form("web app"), form(SECRET)), Map.of("client_id", "other"));
    }

    @Test
    void basicAndAFormSecretTogetherAreInvalidRequest() {
        expect("invalid_request", 400, basic(form("web app"), form(SECRET)),
                Map.of("client_id", "web app", "client_secret", SECRET));
    }

    @Test
    void aBearerHeaderIsNoClientCredential() {
        expect("invalid_client", 401, "Bearer abc", Map.of("client_id", "web app"));
    }

    private void expect(String code, int status, String header, Map<String, String> form) {
        OAuthException e = assertThrows(OAuthException.class, () -> authenticator.authenticate(header, form));
        assertEquals(code, e.error().code(), e.error().description());
        assertEquals(status, e.error().httpStatus());
    }

    private static String form(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String basic(String encodedId, String encodedSecret) {
        return "Basic " + Base64.getEncoder().encodeToString((encodedId + ":" + encodedSecret)
                .getBytes(StandardCharsets.UTF_8));
    }
}
