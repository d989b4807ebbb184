package io.github.hapismart.resource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.hapismart.store.MovableClock;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TokenIntrospectorTest {

    private static final String FHIR = "https://ehr.example.org/fhir";
    private static final String ISSUER = "https://idp.example.org";

    private StubAuthorizationServer idp;
    private final MovableClock clock = new MovableClock(Instant.parse("2026-12-06T12:00:00Z"));
    private TokenIntrospector introspector;

    @BeforeEach
    void start() throws Exception {
        idp = new StubAuthorizationServer();
        ResourceServerSettings settings = ResourceServerSettings.builder(ISSUER)
                .introspectionClient("fhir-server", "s3cret:&")
                .introspectionCacheLifetime(Duration.ofSeconds(60)).build();
        introspector = new TokenIntrospector(settings, FHIR,
                () -> Optional.of(URI.create(idp.url() + "/introspect")), HttpClient.newHttpClient(), clock);
    }

    @AfterEach
    void stop() {
        idp.close();
    }

    private Map<String, Object> active(Map<String, Object> changes) {
        Map<String, Object> answer = new HashMap<>(Map.of("active", true, "iss", ISSUER, "aud", FHIR,
                "scope", "patient/*.rs", "exp", clock.instant().plusSeconds(600).getEpochSecond()));
        answer.putAll(changes);
        return answer;
    }

    @Test
    void activeTokenForThisServerIsAcceptedWithBasicCredentialsFormEncoded() {
        idp.introspection.set(active(Map.of()));
        assertTrue(introspector.introspect("opaque").isPresent());
        assertEquals("Basic " + java.util.Base64.getEncoder().encodeToString("fhir-server:s3cret%3A%26".getBytes()),
                idp.lastAuthorization.get());
    }

    @Test
    void answerIsReusedForTheCacheLifetimeAndAskedAgainAfterIt() {
        idp.introspection.set(active(Map.of()));
        assertTrue(introspector.introspect("opaque").isPresent());
        idp.introspection.set(Map.of("active", false));
        clock.advance(Duration.ofSeconds(59));
        assertTrue(introspector.introspect("opaque").isPresent(), "within the revocation bound");
        assertEquals(1, idp.introspections.get());
        clock.advance(Duration.ofSeconds(2));
        assertTrue(introspector.introspect("opaque").isEmpty(), "revoked, once the cached answer is older");
        assertEquals(2, idp.introspections.get());
    }

    @Test
    void cachedAnswerNeverOutlivesTheTokensExpiry() {
        idp.introspection.set(active(Map.of("exp", clock.instant().plusSeconds(10).getEpochSecond())));
        assertTrue(introspector.introspect("opaque").isPresent());
        clock.advance(Duration.ofSeconds(11));
        assertTrue(introspector.introspect("opaque").isEmpty());
    }

    @Test
    void inactiveForeignAudienceOtherIssuerBoundAndRefreshTokensAreRefused() {
        for (Map<String, Object> answer : List.<Map<String, Object>>of(Map.of("active", false),
                active(Map.of("aud", "https://other.example.org")), active(Map.of("iss", "https://evil.example.org")),
                active(Map.of("cnf", Map.of("jkt", "x"))), active(Map.of("typ", "Refresh")),
                active(Map.of("token_type", "refresh_token")))) {
            idp.introspection.set(answer);
            assertTrue(introspector.introspect("t-" + answer.hashCode()).isEmpty(), answer.toString());
        }
        Map<String, Object> noAudience = active(Map.of());
        noAudience.remove("aud");
        idp.introspection.set(noAudience);
        assertTrue(introspector.introspect("no-aud").isEmpty());
    }

    @Test
    void audienceListHoldingThisServerIsAccepted() {
        idp.introspection.set(active(Map.of("aud", List.of("account", FHIR))));
        assertTrue(introspector.introspect("opaque").isPresent());
    }
}
