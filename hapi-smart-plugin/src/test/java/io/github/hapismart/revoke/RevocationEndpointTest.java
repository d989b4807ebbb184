package io.github.hapismart.revoke;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.hapismart.client.ClientAuthMethod;
import io.github.hapismart.client.ClientAuthenticator;
import io.github.hapismart.client.ClientRepository;
import io.github.hapismart.client.RegisteredClient;
import io.github.hapismart.config.SmartSettings;
import io.github.hapismart.keys.KeyProtector;
import io.github.hapismart.keys.SigningKeys;
import io.github.hapismart.scope.ScopeSet;
import io.github.hapismart.store.MovableClock;
import io.github.hapismart.store.SmartDatabase;
import io.github.hapismart.store.TokenHashing;
import io.github.hapismart.token.AccessTokenKind;
import io.github.hapismart.token.AccessTokenService;
import io.github.hapismart.token.RevocationList;
import io.github.hapismart.web.FakeExchange;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.password.NoOpPasswordEncoder;

/**
 * RFC 7009 revocation without a server, on real access tokens and a clock the test moves: a client ends its own
 * token at once; another client's token and an unknown token are left alone; every answer is 200 with no-store.
 */
class RevocationEndpointTest {

    private static final Duration LIFETIME = Duration.ofMinutes(5);

    private final MovableClock clock = new MovableClock(Instant.parse("2026-12-01T10:00:00Z"));
    private final SmartDatabase db = database();
    private final SmartSettings settings = SmartSettings.builder("https://ehr.example/fhir").build();
    private final RevocationList revocations = new RevocationList(db, clock, Duration.ofSeconds(5));
    private final AccessTokenService tokens = new AccessTokenService(settings,
            new SigningKeys(db, KeyProtector.none(), clock), revocations, clock, new TokenHashing(new SecureRandom()));
    private final RevocationEndpoint endpoint = new RevocationEndpoint(new ClientAuthenticator(clients(),
            NoOpPasswordEncoder.getInstance(), null), List.of(new AccessTokenKind(settings, tokens, revocations)));

    private static ClientRepository clients() {
        List<RegisteredClient> all = List.of(app("app"), app("other-app"));
        return new ClientRepository() {
            @Override
            public Optional<RegisteredClient> findById(String clientId) {
                return all.stream().filter(c -> c.clientId().equals(clientId)).findFirst();
            }

            @Override
            public void save(RegisteredClient client) {
                throw new UnsupportedOperationException();
            }

            @Override
            public List<RegisteredClient> findAll() {
                return all;
            }
        };
    }

    private static RegisteredClient app(String id) {
        return new RegisteredClient(id, id, ClientAuthMethod.NONE, Optional.empty(),
                List.of(URI.create("https://app.example/cb")), Set.of(RegisteredClient.AUTHORIZATION_CODE), "launch",
                Optional.empty(), Optional.empty(), Optional.empty(), Instant.EPOCH);
    }

    private static SmartDatabase database() {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        return new SmartDatabase(ds).migrate();
    }

    private String issue(String clientId) {
        return tokens.issue(new AccessTokenService.TokenRequest(clientId, "alice", ScopeSet.parse("patient/*.rs"),
                Optional.of("1005"), Optional.empty(), Optional.empty(), LIFETIME, Optional.empty())).value();
    }

    /** Revokes {@code token} as the public client {@code clientId}; the status and Cache-Control of the answer. */
    private List<Object> revoke(String clientId, String token) throws Exception {
        FakeExchange exchange = FakeExchange.post().param("client_id", clientId).param("token", token);
        endpoint.service(exchange.request(), exchange.response());
        return List.of(exchange.status(), String.valueOf(exchange.responseHeader("Cache-Control")));
    }

    @Test
    void aClientEndsItsOwnTokenAtOnce() throws Exception {
        String token = issue("app");
        assertEquals(List.of(200, "no-store"), revoke("app", token));
        assertEquals(Optional.empty(), tokens.verify(token));
    }

    @Test
    void aRevokedTokenStaysRevokedUntilItWouldHaveExpired() throws Exception {
        String token = issue("app");
        revoke("app", token);
        clock.advance(LIFETIME.minusSeconds(1));
        assertEquals(Optional.empty(), tokens.verify(token));
    }

    @Test
    void anotherClientsTokenIsLeftAloneWith200() throws Exception {
        String token = issue("app");
        assertEquals(List.of(200, "no-store"), revoke("other-app", token));
        assertEquals("app", tokens.verify(token).orElseThrow().clientId());
    }

    @Test
    void anUnknownTokenIs200() throws Exception {
        assertEquals(List.of(200, "no-store"), revoke("app", "not-a-token"));
    }
}
