package io.github.hapismart.resource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.github.hapismart.scope.AccessGrant;
import io.github.hapismart.store.MovableClock;
import java.net.URI;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ExternalTokenResolverTest {

    private static final String FHIR = "https://ehr.example.org/fhir";

    private StubAuthorizationServer idp;
    private RSAKey key;
    private ExternalTokenResolver resolver;
    private final MovableClock clock = new MovableClock(Instant.now());

    @BeforeEach
    void start() throws Exception {
        idp = new StubAuthorizationServer();
        key = new RSAKeyGenerator(2048).keyID("k1").generate();
        idp.keys.set(List.of(key.toPublicJWK()));
        ResourceServerSettings settings = ResourceServerSettings.builder(idp.url())
                .jwksUri(URI.create(idp.url() + "/jwks")).build();
        resolver = new ExternalTokenResolver(new JwtAccessTokenVerifier(settings, FHIR, settings::jwksUri, clock),
                Optional.empty(), settings.claims(), FHIR, clock);
    }

    @AfterEach
    void stop() {
        idp.close();
    }

    private String sign(JWTClaimsSet.Builder claims) throws JOSEException {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("k1").build(),
                claims.issuer(idp.url()).audience(FHIR).expirationTime(Date.from(clock.instant().plusSeconds(60)))
                        .build());
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    @Test
    void verifiedJwtBecomesTheGrantOfItsClaims() throws JOSEException {
        AccessGrant grant = resolver.resolve(sign(new JWTClaimsSet.Builder().jwtID("j-1").subject("u")
                .claim("azp", "app").claim("scope", "openid patient/*.rs").claim("patient", "42"))).orElseThrow();
        assertEquals("j-1", grant.tokenId());
        assertEquals("app", grant.clientId());
        assertEquals(List.of("openid", "patient/*.rs"), grant.scopes().values());
        assertEquals(Optional.of("42"), grant.patient());
    }

    @Test
    void jwtWithoutJtiIsIdentifiedByItsHash() throws JOSEException {
        String token = sign(new JWTClaimsSet.Builder().claim("scope", "system/*.rs"));
        assertEquals(TokenIntrospector.sha256(token), resolver.resolve(token).orElseThrow().tokenId());
    }

    @Test
    void keyBoundJwtIsRefused() throws JOSEException {
        assertTrue(resolver.resolve(sign(new JWTClaimsSet.Builder().claim("scope", "system/*.rs")
                .claim("cnf", Map.of("jkt", "thumbprint")))).isEmpty());
    }

    @Test
    void opaqueTokenWithoutIntrospectionIsRefusedWithoutAskingAnyone() {
        assertTrue(resolver.resolve("opaque-token-value").isEmpty());
        assertEquals(0, idp.introspections.get());
    }

    @Test
    void oversizedOrEmptyTokensAreRefused() {
        assertTrue(resolver.resolve("").isEmpty());
        assertTrue(resolver.resolve("a.b.".repeat(5000)).isEmpty());
    }
}
