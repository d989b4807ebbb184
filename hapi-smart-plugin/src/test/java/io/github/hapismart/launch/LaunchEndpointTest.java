package io.github.hapismart.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.util.JSONObjectUtils;
import io.github.hapismart.client.ClientAuthMethod;
import io.github.hapismart.client.ClientAuthenticator;
import io.github.hapismart.client.ClientRepository;
import io.github.hapismart.client.RegisteredClient;
import io.github.hapismart.config.SmartSettings;
import io.github.hapismart.store.MovableClock;
import io.github.hapismart.store.SmartDatabase;
import io.github.hapismart.store.TokenHashing;
import io.github.hapismart.web.FakeExchange;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.password.NoOpPasswordEncoder;

/**
 * {@code POST /auth/launch} without a server: only a listed, authenticated EHR creates contexts; a context is bound to
 * the app the EHR names and lives for the configured lifetime; bad context values are {@code invalid_request}.
 */
class LaunchEndpointTest {

    private static final String BASE = "https://ehr.example/fhir";
    private static final Duration LIFETIME = Duration.ofMinutes(5);
    private static final RegisteredClient EHR = client("ehr", ClientAuthMethod.CLIENT_SECRET_BASIC,
            Set.of(RegisteredClient.CLIENT_CREDENTIALS), Optional.empty());
    private static final RegisteredClient OTHER_EHR = client("other-ehr", ClientAuthMethod.CLIENT_SECRET_BASIC,
            Set.of(RegisteredClient.CLIENT_CREDENTIALS), Optional.empty());
    private static final RegisteredClient APP = client("app", ClientAuthMethod.NONE,
            Set.of(RegisteredClient.AUTHORIZATION_CODE), Optional.of(URI.create("https://app.example/launch?v=2")));
    private static final RegisteredClient BACKEND = client("backend", ClientAuthMethod.CLIENT_SECRET_BASIC,
            Set.of(RegisteredClient.CLIENT_CREDENTIALS), Optional.empty());

    private final MovableClock clock = new MovableClock(Instant.parse("2026-12-01T10:00:00Z"));
    private final LaunchContextStore store = new LaunchContextStore(database(), new TokenHashing(new SecureRandom()),
            clock, LIFETIME);
    private final LaunchEndpoint endpoint;

    LaunchEndpointTest() {
        ClientRepository clients = new ClientRepository() {
            @Override
            public Optional<RegisteredClient> findById(String clientId) {
                return findAll().stream().filter(c -> c.clientId().equals(clientId)).findFirst();
            }

            @Override
            public void save(RegisteredClient client) {
                throw new UnsupportedOperationException();
            }

            @Override
            public List<RegisteredClient> findAll() {
                return List.of(EHR, OTHER_EHR, APP, BACKEND);
            }
        };
        SmartSettings settings = SmartSettings.builder(BASE).launchApiClients(Set.of("ehr")).build();
        endpoint = new LaunchEndpoint(settings, new ClientAuthenticator(clients, NoOpPasswordEncoder.getInstance(),
                null), clients, store);
    }

    private static RegisteredClient client(String id, ClientAuthMethod method, Set<String> grants,
                                           Optional<URI> initiateLogin) {
        return new RegisteredClient(id, id, method, method == ClientAuthMethod.NONE ? Optional.empty()
                : Optional.of("s3cret"), List.of(URI.create("https://app.example/cb")), grants, "launch",
                Optional.empty(), Optional.empty(), initiateLogin, Instant.EPOCH);
    }

    private static SmartDatabase database() {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        return new SmartDatabase(ds).migrate();
    }

    private FakeExchange call(String ehr, String... params) throws Exception {
        FakeExchange exchange = FakeExchange.post().header("Authorization", "Basic "
                + Base64.getEncoder().encodeToString((ehr + ":s3cret").getBytes()));
        for (int i = 0; i + 1 < params.length; i += 2) {
            exchange.param(params[i], params[i + 1]);
        }
        endpoint.service(exchange.request(), exchange.response());
        return exchange;
    }

    private static Map<String, Object> json(FakeExchange exchange) throws Exception {
        return JSONObjectUtils.parse(exchange.body());
    }

    @Test
    void aListedEhrCreatesAContextBoundToTheAppItNames() throws Exception {
        FakeExchange created = call("ehr", "app_client_id", "app", "patient", "Patient/1005", "intent", "summary");
        assertEquals(201, created.status(), created.body());
        String launch = (String) json(created).get("launch");
        assertEquals(Optional.empty(), store.consume("backend", launch));
        LaunchContext context = store.consume("app", launch).orElseThrow();
        assertEquals(List.of(Optional.of("1005"), Optional.of("summary")), List.of(context.patient(),
                context.intent()));
    }

    @Test
    void theAnswerGivesTheLifetimeAndTheAppsLaunchUrl() throws Exception {
        Map<String, Object> body = json(call("ehr", "app_client_id", "app"));
        assertEquals(LIFETIME.toSeconds(), ((Number) body.get("expires_in")).longValue());
        String url = (String) body.get("launch_url");
        assertTrue(url.startsWith("https://app.example/launch?v=2&iss=https%3A%2F%2Fehr.example%2Ffhir&launch="),
                url);
    }

    @Test
    void theContextExpiresAfterTheLifetimeTheAnswerGave() throws Exception {
        String launch = (String) json(call("ehr", "app_client_id", "app")).get("launch");
        clock.advance(LIFETIME);
        assertEquals(Optional.empty(), store.consume("app", launch));
    }

    @Test
    void anEhrThatIsNotListedIsRefused() throws Exception {
        FakeExchange refused = call("other-ehr", "app_client_id", "app");
        assertEquals(List.of(403, "unauthorized_client"), List.of(refused.status(), json(refused).get("error")));
    }

    @Test
    void anAppThatDoesNotUseTheAuthorizationCodeGrantIsInvalidRequest() throws Exception {
        FakeExchange refused = call("ehr", "app_client_id", "backend");
        assertEquals(List.of(400, "invalid_request"), List.of(refused.status(), json(refused).get("error")));
    }

    @Test
    void aPatientOfAnotherTypeIsInvalidRequest() throws Exception {
        FakeExchange refused = call("ehr", "app_client_id", "app", "patient", "Observation/7");
        assertEquals(List.of(400, "invalid_request"), List.of(refused.status(), json(refused).get("error")));
    }

    @Test
    void aBannerFlagOtherThanTrueOrFalseIsInvalidRequest() throws Exception {
        FakeExchange refused = call("ehr", "app_client_id", "app", "need_patient_banner", "yes");
        assertEquals(List.of(400, "invalid_request"), List.of(refused.status(), json(refused).get("error")));
    }
}
