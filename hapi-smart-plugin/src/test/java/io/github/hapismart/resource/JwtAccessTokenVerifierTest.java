package io.github.hapismart.resource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import io.github.hapismart.store.MovableClock;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class JwtAccessTokenVerifierTest {

    private static final String FHIR = "https://ehr.example.org/fhir";
    private static final String ISSUER = "https://idp.example.org/realms/ehr";

    private StubAuthorizationServer idp;
    private RSAKey key;
    private final MovableClock clock = new MovableClock(Instant.now());

    @BeforeEach
    void start() throws Exception {
        idp = new StubAuthorizationServer();
        key = new RSAKeyGenerator(2048).keyID("k1").generate();
        idp.keys.set(List.of(key.toPublicJWK()));
    }

    @AfterEach
    void stop() {
        idp.close();
    }

    private JwtAccessTokenVerifier verifier(UnaryOperator<ResourceServerSettings.Builder> change) {
        ResourceServerSettings settings = change.apply(ResourceServerSettings.builder(ISSUER)
                .jwksUri(URI.create(idp.url() + "/jwks")).jwksRefetchInterval(Duration.ofSeconds(30))).build();
        return new JwtAccessTokenVerifier(settings, settings.audienceFor(FHIR),
                () -> settings.jwksUri(), clock);
    }

    private JwtAccessTokenVerifier verifier() {
        return verifier(b -> b);
    }

    private JWTClaimsSet.Builder claims() {
        return new JWTClaimsSet.Builder().issuer(ISSUER).audience(FHIR).subject("alice")
                .claim("scope", "patient/*.rs").expirationTime(Date.from(clock.instant().plusSeconds(300)));
    }

    private static String sign(RSAKey with, JWTClaimsSet claims) throws JOSEException {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(with.getKeyID())
                .type(JOSEObjectType.JWT).build(), claims);
        jwt.sign(new RSASSASigner(with));
        return jwt.serialize();
    }

    @Test
    void tokenOfTheIssuerForThisServerVerifies() throws JOSEException {
        assertEquals(Optional.of("alice"),
                verifier().verify(sign(key, claims().build())).map(JWTClaimsSet::getSubject));
    }

    @Test
    void tokenExpiredByTheInjectedClockIsRefused() throws JOSEException {
        String token = sign(key, claims().build());
        clock.advance(Duration.ofMinutes(7));
        assertTrue(verifier().verify(token).isEmpty());
    }

    @Test
    void tokenWithoutExpiryIsRefused() throws JOSEException {
        assertTrue(verifier().verify(sign(key, claims().expirationTime(null).build())).isEmpty());
    }

    @Test
    void tokenOfAnotherIssuerIsRefused() throws JOSEException {
        assertTrue(verifier().verify(sign(key, claims().issuer("https://evil.example.org").build())).isEmpty());
    }

    @Test
    void tokenForAnotherAudienceIsRefused() throws JOSEException {
        assertTrue(verifier().verify(sign(key, claims().audience("https://other.example.org/fhir").build()))
                .isEmpty());
    }

    @Test
    void configuredAudienceReplacesTheFhirBase() throws JOSEException {
        String token = sign(key, claims().audience("api://ehr-fhir").build());
        assertTrue(verifier(b -> b.audience("api://ehr-fhir")).verify(token).isPresent());
        assertTrue(verifier().verify(token).isEmpty());
    }

    @Test
    void tokenSignedWithAnotherKeyUnderTheSameKeyIdIsRefused() throws JOSEException {
        RSAKey impostor = new RSAKeyGenerator(2048).keyID("k1").generate();
        assertTrue(verifier().verify(sign(impostor, claims().build())).isEmpty());
    }

    @Test
    void unsignedTokenIsRefused() {
        assertTrue(verifier().verify(new PlainJWT(claims().build()).serialize()).isEmpty());
    }

    @Test
    void hmacTokenKeyedWithThePublicKeyIsRefused() throws JOSEException {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("k1").build(), claims().build());
        jwt.sign(new MACSigner(key.toPublicJWK().toJSONString().getBytes(StandardCharsets.UTF_8)));
        assertTrue(verifier().verify(jwt.serialize()).isEmpty());
    }

    @Test
    void algorithmOutsideTheAllowListIsRefused() throws JOSEException {
        ECKey ec = new ECKeyGenerator(Curve.P_256).keyID("e1").generate();
        idp.keys.set(List.of(key.toPublicJWK(), ec.toPublicJWK()));
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID("e1").build(), claims().build());
        jwt.sign(new ECDSASigner(ec));
        assertTrue(verifier().verify(jwt.serialize()).isPresent());
        assertTrue(verifier(b -> b.algorithms(Set.of("RS256"))).verify(jwt.serialize()).isEmpty());
    }

    @Test
    void symmetricAlgorithmsCannotBeAllowed() {
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> ResourceServerSettings.builder(ISSUER).algorithms(Set.of("HS256")).build());
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> ResourceServerSettings.builder(ISSUER).algorithms(Set.of("none")).build());
    }

    @Test
    void rotatedKeyIsFetchedOnceAndUnknownKeyIdsDoNotRefetchWithinTheInterval() throws JOSEException {
        JwtAccessTokenVerifier verifier = verifier();
        assertTrue(verifier.verify(sign(key, claims().build())).isPresent());
        assertEquals(1, idp.jwksFetches.get());
        RSAKey rotated = new RSAKeyGenerator(2048).keyID("k2").generate();
        idp.keys.set(List.of(key.toPublicJWK(), rotated.toPublicJWK()));
        assertTrue(verifier.verify(sign(rotated, claims().build())).isPresent(), "the new key is fetched");
        int afterRotation = idp.jwksFetches.get();
        assertEquals(2, afterRotation);
        for (int i = 0; i < 5; i++) {
            RSAKey unknown = new RSAKeyGenerator(2048).keyID("unknown-" + i).generate();
            assertTrue(verifier.verify(sign(unknown, claims().build())).isEmpty());
        }
        assertTrue(idp.jwksFetches.get() <= afterRotation + 1,
                "unknown key ids fetched the set " + (idp.jwksFetches.get() - afterRotation) + " more times");
    }
}
