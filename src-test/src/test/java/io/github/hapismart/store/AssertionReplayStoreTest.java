package io.github.hapismart.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.github.hapismart.client.ClientAssertionVerifier;
import io.github.hapismart.client.ClientAuthMethod;
import io.github.hapismart.client.JdbcClientRepository;
import io.github.hapismart.client.RegisteredClient;
import io.github.hapismart.keys.RemoteJwksCache;
import io.github.hapismart.web.OAuthException;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** private_key_jwt assertion replay protection on H2 and PostgreSQL: a jti is accepted once, on any node. */
class AssertionReplayStoreTest {

    private static final String TOKEN_ENDPOINT = "http://localhost:8080/auth/token";

    @RegisterExtension
    final StoreDatabases databases = new StoreDatabases();

    private final MovableClock clock = new MovableClock(Instant.parse("2026-12-01T10:00:00Z"));
    private final ECKey key = newKey();

    private static ECKey newKey() {
        try {
            return new ECKeyGenerator(Curve.P_384).keyID("backend-key").algorithm(JWSAlgorithm.ES384).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private ClientAssertionVerifier verifier(SmartDatabase db) {
        JdbcClientRepository clients = new JdbcClientRepository(db);
        return new ClientAssertionVerifier(clients,
                new RemoteJwksCache(HttpClient.newHttpClient(), clock, Duration.ofMinutes(5), Duration.ofSeconds(10)),
                db, clock, TOKEN_ENDPOINT, "http://localhost:8080/fhir");
    }

    private SmartDatabase withBackendClient(SmartDatabase db) {
        new JdbcClientRepository(db).save(new RegisteredClient("backend", "Backend", ClientAuthMethod.PRIVATE_KEY_JWT,
                Optional.empty(), List.of(), Set.of(RegisteredClient.CLIENT_CREDENTIALS), "system/*.rs",
                Optional.of(new JWKSet(key.toPublicJWK()).toString()), Optional.empty(), Optional.empty(),
                clock.instant()));
        return db;
    }

    private String assertion(String jti) throws JOSEException {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES384).keyID(key.getKeyID()).build(),
                new JWTClaimsSet.Builder().issuer("backend").subject("backend").audience(TOKEN_ENDPOINT)
                        .expirationTime(Date.from(clock.instant().plusSeconds(240))).jwtID(jti).build());
        jwt.sign(new ECDSASigner(key));
        return jwt.serialize();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(DatabaseKind.class)
    void aReplayedAssertionIsRefused(DatabaseKind kind) throws JOSEException {
        ClientAssertionVerifier verifier = verifier(withBackendClient(databases.open(kind)));
        String assertion = assertion("jti-1");
        verifier.verify(assertion, Optional.of("backend"));
        assertThrows(OAuthException.class, () -> verifier.verify(assertion, Optional.of("backend")));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(DatabaseKind.class)
    void anAssertionUsedOnOneNodeIsRefusedOnAnother(DatabaseKind kind) throws JOSEException {
        DataSource first = databases.dataSource(kind);
        ClientAssertionVerifier here = verifier(withBackendClient(new SmartDatabase(first).migrate()));
        ClientAssertionVerifier there = verifier(new SmartDatabase(databases.secondNode(first)));
        String assertion = assertion("jti-1");
        here.verify(assertion, Optional.of("backend"));
        assertThrows(OAuthException.class, () -> there.verify(assertion, Optional.of("backend")));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(DatabaseKind.class)
    void anAssertionWithANewJtiIsAccepted(DatabaseKind kind) throws JOSEException {
        ClientAssertionVerifier verifier = verifier(withBackendClient(databases.open(kind)));
        verifier.verify(assertion("jti-1"), Optional.of("backend"));
        assertEquals("backend", verifier.verify(assertion("jti-2"), Optional.of("backend")).clientId());
    }
}
