package io.github.hapismart.introspect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.nimbusds.jose.util.JSONObjectUtils;
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
 * RFC 7662 introspection without a server, on real access tokens and a clock the test moves: an active token answers
 * its claims; an expired, revoked, unknown or malformed one answers only {@code active: false}; public callers are
 * refused.
 */
class IntrospectionEndpointTest {

    private static final String BASE = "https://ehr.example/fhir";
    private static final Duration LIFETIME = Duration.ofMinutes(5);
    private static final RegisteredClient RESOURCE_SERVER = client("rs", ClientAuthMethod.CLIENT_SECRET_BASIC);
    private static final RegisteredClient PUBLIC_APP = client("app", ClientAuthMethod.NONE);

    private final MovableClock clock = new MovableClock(Instant.parse("2026-12-01T10:00:00Z"));
    private final SmartDatabase db = database();
    private final SmartSettings settings = SmartSettings.builder(BASE).build();
    private final RevocationList revocations = new RevocationList(db, clock, Duration.ofSeconds(5));
    private final AccessTokenService tokens = new AccessTokenService(settings,
            new SigningKeys(db, KeyProtector.none(), clock), revocations, clock, new TokenHashing(new SecureRandom()));
    private final IntrospectionEndpoint endpoint = new IntrospectionEndpoint(new ClientAuthenticator(clients(),
            NoOpPasswordEncoder.getInstance(), null), List.of(new AccessTokenKind(settings, tokens, revocations)));

    private static RegisteredClient client(String id, ClientAuthMethod method) {
        return new RegisteredClient(id, id, method, method == ClientAuthMethod.NONE ? Optional.empty()
                : Optional.of("s3cret"), List.of(URI.create("https://app.example/cb")),
                Set.of(RegisteredClient.AUTHORIZATION_CODE), "launch", Optional.empty(), Optional.empty(),
                Optional.empty(), Instant.EPOCH);
    }

    private static ClientRepository clients() {
        return new ClientRepository() {
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
                return List.of(RESOURCE_SERVER, PUBLIC_APP);
            }
        };
    }

    private static SmartDatabase database() {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        return new SmartDatabase(ds).migrate();
    }

    private AccessTokenService.IssuedToken issue() {
        return tokens.issue(new AccessTokenService.TokenRequest("app", "alice", ScopeSet.parse("patient/*.rs"),
                Optional.of("1005"), Optional.empty(), Optional.empty(), LIFETIME, Optional.empty()));
    }

    private FakeExchange introspect(FakeExchange exchange) throws Exception {
        endpoint.service(exchange.request(), exchange.response());
        return exchange;
    }

    private Map<String, Object> introspect(String token) throws Exception {
        FakeExchange exchange = introspect(FakeExchange.post().header("Authorization", "Basic "
                + Base64.getEncoder().encodeToString("rs:s3cret".getBytes())).param("token", token));
        assertEquals(200, exchange.status(), exchange.body());
        return JSONObjectUtils.parse(exchange.body());
    }

    @Test
    void anActiveTokenAnswersItsClaims() throws Exception {
        AccessTokenService.IssuedToken token = issue();
        Map<String, Object> claims = introspect(token.value());
        assertEquals(List.of(true, "patient/*.rs", "app", "1005", token.grant().expiresAt().getEpochSecond()),
                List.of(claims.get("active"), claims.get("scope"), claims.get("client_id"), claims.get("patient"),
                        ((Number) claims.get("exp")).longValue()));
    }

    @Test
    void aTokenIsActiveUntilJustBeforeItExpires() throws Exception {
        String token = issue().value();
        clock.advance(LIFETIME.minusSeconds(1));
        assertEquals(true, introspect(token).get("active"));
    }

    @Test
    void anExpiredTokenAnswersOnlyInactive() throws Exception {
        String token = issue().value();
        clock.advance(LIFETIME);
        assertEquals(Map.of("active", false), introspect(token));
    }

    @Test
    void aRevokedTokenAnswersOnlyInactive() throws Exception {
        AccessTokenService.IssuedToken token = issue();
        revocations.revokeToken(token.grant().tokenId(), token.grant().expiresAt());
        assertEquals(Map.of("active", false), introspect(token.value()));
    }

    @Test
    void anUnknownOrMalformedTokenAnswersOnlyInactive() throws Exception {
        assertEquals(List.of(Map.of("active", false), Map.of("active", false)),
                List.of(introspect("not-a-token"), introspect("a.b.c")));
    }

    @Test
    void aPublicClientMayNotIntrospect() throws Exception {
        FakeExchange refused = introspect(FakeExchange.post().param("client_id", "app").param("token",
                issue().value()));
        assertEquals(List.of(401, "invalid_client"), List.of(refused.status(),
                JSONObjectUtils.parse(refused.body()).get("error")));
    }

    @Test
    void aRequestWithoutATokenIsInvalidRequest() throws Exception {
        FakeExchange refused = introspect(FakeExchange.post().header("Authorization", "Basic "
                + Base64.getEncoder().encodeToString("rs:s3cret".getBytes())));
        assertEquals(List.of(400, "invalid_request"), List.of(refused.status(),
                JSONObjectUtils.parse(refused.body()).get("error")));
    }
}
