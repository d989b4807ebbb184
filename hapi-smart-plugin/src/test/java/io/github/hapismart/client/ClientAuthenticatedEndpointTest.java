package io.github.hapismart.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.github.hapismart.web.FakeExchange;
import io.github.hapismart.web.JsonResponses;
import io.github.hapismart.web.OAuthForm;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.password.NoOpPasswordEncoder;

/**
 * The shared prologue of the client-authenticated form endpoints, without a server: form rules, client
 * authentication, and the WWW-Authenticate policy for a missing, a bad and a wrong-method credential.
 */
class ClientAuthenticatedEndpointTest {

    private static final RegisteredClient PUBLIC_APP = new RegisteredClient("app", "App", ClientAuthMethod.NONE,
            Optional.empty(), List.of(), Set.of(RegisteredClient.AUTHORIZATION_CODE), "launch", Optional.empty(),
            Optional.empty(), Optional.empty(), Instant.EPOCH);
    private static final RegisteredClient CONFIDENTIAL = new RegisteredClient("backend", "Backend",
            ClientAuthMethod.CLIENT_SECRET_BASIC, Optional.of("s3cret"), List.of(),
            Set.of(RegisteredClient.CLIENT_CREDENTIALS), "system/*.rs", Optional.empty(), Optional.empty(),
            Optional.empty(), Instant.EPOCH);

    /** An endpoint whose own step answers the authenticated client's id. */
    private static final class Echo extends ClientAuthenticatedEndpoint {
        Echo() {
            this(io.github.hapismart.audit.AuditSink.none());
        }

        Echo(io.github.hapismart.audit.AuditSink audit) {
            super("test", new ClientAuthenticator(new InMemoryClients(), NoOpPasswordEncoder.getInstance(), null,
                    audit, java.time.Clock.systemUTC()), OAuthForm.Source.BODY);
        }

        @Override
        protected void handle(RegisteredClient client, OAuthForm form, HttpServletResponse response)
                throws IOException {
            JsonResponses.write(response, 200, Map.of("client", client.clientId()));
        }
    }

    private static final class InMemoryClients implements ClientRepository {
        @Override
        public Optional<RegisteredClient> findById(String clientId) {
            return List.of(PUBLIC_APP, CONFIDENTIAL).stream().filter(c -> c.clientId().equals(clientId)).findFirst();
        }

        @Override
        public void save(RegisteredClient client) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<RegisteredClient> findAll() {
            return List.of(PUBLIC_APP, CONFIDENTIAL);
        }
    }

    private static FakeExchange call(FakeExchange exchange) throws Exception {
        new Echo().service(exchange.request(), exchange.response());
        return exchange;
    }

    private static String basic(String id, String secret) {
        return "Basic " + Base64.getEncoder().encodeToString((id + ":" + secret).getBytes());
    }

    @Test
    void anAuthenticatedClientReachesTheEndpointsOwnStep() throws Exception {
        FakeExchange exchange = call(FakeExchange.post().header("Authorization", basic("backend", "s3cret")));
        assertEquals("{\"client\":\"backend\"}", exchange.body());
    }

    @Test
    void aMissingCredentialIs401WithABasicChallenge() throws Exception {
        FakeExchange exchange = call(FakeExchange.post());
        assertEquals(List.of(401, "Basic realm=\"test\""),
                List.of(exchange.status(), exchange.responseHeader("WWW-Authenticate")));
    }

    @Test
    void aWrongSecretIs401WithABasicChallenge() throws Exception {
        FakeExchange exchange = call(FakeExchange.post().header("Authorization", basic("backend", "wrong")));
        assertEquals(List.of(401, "Basic realm=\"test\""),
                List.of(exchange.status(), exchange.responseHeader("WWW-Authenticate")));
    }

    @Test
    void aBearerTokenIsNoClientCredentialEvenWithAPublicClientId() throws Exception {
        FakeExchange exchange = call(FakeExchange.post().header("Authorization", "Bearer abc").param("client_id",
                "app"));
        assertEquals(List.of(401, "Basic realm=\"test\""),
                List.of(exchange.status(), exchange.responseHeader("WWW-Authenticate")));
    }

    @Test
    void aRequestThatIsNotAFormIs400WithoutAChallenge() throws Exception {
        FakeExchange exchange = call(FakeExchange.post().contentType("application/json"));
        assertEquals(List.of(400, "none"), List.of(exchange.status(),
                Optional.ofNullable(exchange.responseHeader("WWW-Authenticate")).orElse("none")));
    }

    @Test
    void aRepeatedParameterIsInvalidRequest() throws Exception {
        FakeExchange exchange = call(FakeExchange.post().param("client_id", "app", "app"));
        assertEquals(400, exchange.status());
    }

    @Test
    void aGetIs405WithAllowPostAndOptions() throws Exception {
        FakeExchange exchange = call(FakeExchange.method("GET"));
        assertEquals(List.of(405, "POST, OPTIONS"), List.of(exchange.status(), exchange.responseHeader("Allow")));
    }

    @Test
    void aPublicClientAuthenticatesByItsId() throws Exception {
        FakeExchange exchange = call(FakeExchange.post().param("client_id", "app"));
        assertNull(exchange.responseHeader("WWW-Authenticate"));
    }

    @Test
    void aFailedAuthenticationIsAuditedWithTheClaimedClientAndMethodButNotTheSecret() throws Exception {
        List<io.github.hapismart.audit.AuditRecord> recorded = new java.util.ArrayList<>();
        FakeExchange exchange = FakeExchange.post().header("Authorization", basic("backend", "wrong-secret"));
        new Echo(recorded::add).service(exchange.request(), exchange.response());

        assertEquals(401, exchange.status());
        assertEquals(1, recorded.size());
        io.github.hapismart.audit.AuditRecord event = recorded.get(0);
        assertEquals(io.github.hapismart.audit.AuditKind.CLIENT_AUTHENTICATION, event.kind());
        assertEquals(false, event.success());
        assertEquals(Optional.of("backend"), event.clientId());
        assertEquals("client_secret_basic", event.details().get("auth_method"));
        assertEquals("invalid_client", event.details().get("error"));
        assertEquals(Optional.of("Client authentication failed"), event.reason());
        assertEquals(false, event.toString().contains("wrong-secret"), "never the secret");
    }

    @Test
    void aSuccessfulAuthenticationIsNotAuditedHere() throws Exception {
        List<io.github.hapismart.audit.AuditRecord> recorded = new java.util.ArrayList<>();
        FakeExchange exchange = FakeExchange.post().header("Authorization", basic("backend", "s3cret"));
        new Echo(recorded::add).service(exchange.request(), exchange.response());
        assertEquals(200, exchange.status());
        assertEquals(List.of(), recorded);
    }
}
