package io.github.hapismart.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyType;
import com.nimbusds.jwt.SignedJWT;
import io.github.hapismart.config.AccessTokenSigning;
import io.github.hapismart.config.SmartSettings;
import io.github.hapismart.keys.KeyProtector;
import io.github.hapismart.keys.SigningKeys;
import io.github.hapismart.scope.AccessGrant;
import io.github.hapismart.scope.ScopeSet;
import io.github.hapismart.store.SmartDatabase;
import io.github.hapismart.store.TokenHashing;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

/** Access tokens signed with the HMAC secret (default) or the EC key, and which of them verify. */
class AccessTokenServiceTest {

    private static final String BASE = "https://ehr.example/fhir";

    private final SmartDatabase db = database();
    private final SigningKeys keys = new SigningKeys(db, KeyProtector.none(), Clock.systemUTC());
    private final RevocationList revocations = new RevocationList(db, Clock.systemUTC(), Duration.ofSeconds(5));

    private static SmartDatabase database() {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        return new SmartDatabase(ds).migrate();
    }

    private AccessTokenService service(AccessTokenSigning signing) {
        return new AccessTokenService(SmartSettings.builder(BASE).accessTokenSigning(signing).build(), keys,
                revocations, Clock.systemUTC(), new TokenHashing(new SecureRandom()));
    }

    private static AccessTokenService.TokenRequest request() {
        return new AccessTokenService.TokenRequest("app", "app", ScopeSet.parse("system/Patient.rs"),
                Optional.empty(), Optional.empty(), Optional.empty(), Duration.ofMinutes(5), Optional.empty());
    }

    @Test
    void defaultTokensAreHs256UnderASecretThatTheJwksNeverPublishes() throws Exception {
        String token = service(AccessTokenSigning.HS256).issue(request()).value();
        SignedJWT jwt = SignedJWT.parse(token);
        assertEquals(JWSAlgorithm.HS256, jwt.getHeader().getAlgorithm());
        assertEquals(keys.hmacSigningKey().getKeyID(), jwt.getHeader().getKeyID());
        assertTrue(service(AccessTokenSigning.HS256).verify(token).isPresent());
        for (JWK published : keys.publicJwks().getKeys()) {
            assertFalse(published.getKeyType().equals(KeyType.OCT), published.toJSONString());
            assertFalse(published.isPrivate(), published.getKeyID());
        }
        assertEquals(2, keys.publicJwks().getKeys().size());
    }

    @Test
    void launchContextClaimsRoundTripButCannotOverrideTheTokensOwnClaims() {
        AccessTokenService tokens = service(AccessTokenSigning.HS256);
        java.util.List<Object> fhirContext = java.util.List.of(java.util.Map.of("reference", "List/1",
                "role", "https://example.org/home"), java.util.Map.of("canonical",
                "http://example.org/Questionnaire/q|1", "type", "Questionnaire"));
        String token = tokens.issue(new AccessTokenService.TokenRequest("app", "app",
                ScopeSet.parse("patient/*.rs"), Optional.of("p1"), Optional.empty(), Optional.empty(),
                Duration.ofMinutes(5), Optional.empty(), java.util.Map.of("fhirContext", fhirContext,
                "intent", "reconcile", "need_patient_banner", false, "patient", "p2", "scope", "system/*.cruds")))
                .value();
        var grant = tokens.verify(token).orElseThrow();
        assertEquals(Optional.of("p1"), grant.patient());
        assertEquals("patient/*.rs", grant.scopes().toString());
        var claims = tokens.launchClaims(token);
        assertEquals(fhirContext, claims.get("fhirContext"));
        assertEquals("reconcile", claims.get("intent"));
        assertEquals(false, claims.get("need_patient_banner"));
        assertEquals(java.util.Set.of("fhirContext", "intent", "need_patient_banner"), claims.keySet());
    }

    @Test
    void tokensOfEitherKindStillVerifyAfterTheSettingChanges() throws Exception {
        String es = service(AccessTokenSigning.ES256).issue(request()).value();
        assertEquals(JWSAlgorithm.ES256, SignedJWT.parse(es).getHeader().getAlgorithm());
        String hs = service(AccessTokenSigning.HS256).issue(request()).value();
        assertTrue(service(AccessTokenSigning.HS256).verify(es).isPresent());
        assertTrue(service(AccessTokenSigning.ES256).verify(hs).isPresent());
    }

    @Test
    void aTamperedOrForeignTokenDoesNotVerify() throws Exception {
        AccessTokenService tokens = service(AccessTokenSigning.HS256);
        String token = tokens.issue(request()).value();
        String[] parts = token.split("\\.");
        String otherClaims = tokens.issue(new AccessTokenService.TokenRequest("app", "app",
                ScopeSet.parse("system/*.cruds"), Optional.empty(), Optional.empty(), Optional.empty(),
                Duration.ofMinutes(5), Optional.empty())).value().split("\\.")[1];
        assertFalse(tokens.verify(parts[0] + "." + otherClaims + "." + parts[2]).isPresent());
        // The same claims under another server's secret.
        SigningKeys otherKeys = new SigningKeys(database(), KeyProtector.none(), Clock.systemUTC());
        String foreign = new AccessTokenService(SmartSettings.builder(BASE).build(), otherKeys,
                revocations, Clock.systemUTC(), new TokenHashing(new SecureRandom())).issue(request()).value();
        assertFalse(tokens.verify(foreign).isPresent());
        // A signature of one kind under the header of the other kind (algorithm confusion) is refused.
        String confused = SignedJWT.parse(service(AccessTokenSigning.ES256).issue(request()).value())
                .getHeader().toBase64URL() + "." + parts[1] + "." + parts[2];
        assertFalse(tokens.verify(confused).isPresent());
    }

    @Test
    void rotationKeepsIssuedTokensValidAndSignsNewOnesWithTheNewSecret() throws Exception {
        AccessTokenService tokens = service(AccessTokenSigning.HS256);
        String before = tokens.issue(request()).value();
        String oldKid = keys.hmacSigningKey().getKeyID();
        keys.rotate();
        String after = tokens.issue(request()).value();
        assertFalse(oldKid.equals(SignedJWT.parse(after).getHeader().getKeyID()));
        assertTrue(tokens.verify(before).isPresent());
        assertTrue(tokens.verify(after).isPresent());
    }

    @Test
    void onAMovableClockATokenVerifiesUntilItsExpAndNotAfter() {
        io.github.hapismart.store.MovableClock clock =
                new io.github.hapismart.store.MovableClock(java.time.Instant.parse("2026-01-01T00:00:00Z"));
        AccessTokenService service = new AccessTokenService(SmartSettings.builder(BASE).build(), keys, revocations,
                clock, new TokenHashing(new SecureRandom()));
        String token = service.issue(request()).value();
        clock.advance(Duration.ofMinutes(5).minusSeconds(1));
        assertTrue(service.verify(token).isPresent());
        clock.advance(Duration.ofSeconds(1));
        assertFalse(service.verify(token).isPresent(), "verified at its exp");
        AccessTokenService freshCache = new AccessTokenService(SmartSettings.builder(BASE).build(), keys, revocations,
                clock, new TokenHashing(new SecureRandom()));
        assertFalse(freshCache.verify(token).isPresent(), "verified at its exp without the cache");
    }

    @Test
    void aTokenSignedByTheServerButWithoutTheAtJwtTypOrFromTheFutureDoesNotVerify() throws Exception {
        java.time.Instant now = java.time.Instant.now();
        com.nimbusds.jwt.JWTClaimsSet.Builder claims = new com.nimbusds.jwt.JWTClaimsSet.Builder().issuer(BASE)
                .audience(BASE).subject("app").jwtID("j1").claim("client_id", "app").claim("scope", "system/Patient.rs")
                .expirationTime(java.util.Date.from(now.plusSeconds(300)));
        JWK secret = keys.hmacSigningKey();
        AccessTokenService service = service(AccessTokenSigning.HS256);
        assertTrue(service.verify(hs256(secret, "at+jwt", claims.build())).isPresent(), "the control token");
        assertFalse(service.verify(hs256(secret, "JWT", claims.jwtID("j2").build())).isPresent(), "typ JWT");
        assertFalse(service.verify(hs256(secret, "at+jwt", claims.jwtID("j3")
                .notBeforeTime(java.util.Date.from(now.plusSeconds(120))).build())).isPresent(), "nbf ahead");
        assertFalse(service.verify(hs256(secret, "at+jwt", claims.jwtID("j4").notBeforeTime(null)
                .audience("https://other.example/fhir").build())).isPresent(), "another audience");
    }

    private static String hs256(JWK secret, String typ, com.nimbusds.jwt.JWTClaimsSet claims) throws Exception {
        SignedJWT jwt = new SignedJWT(new com.nimbusds.jose.JWSHeader.Builder(JWSAlgorithm.HS256)
                .keyID(secret.getKeyID()).type(new com.nimbusds.jose.JOSEObjectType(typ)).build(), claims);
        jwt.sign(new com.nimbusds.jose.crypto.MACSigner(secret.toOctetSequenceKey()));
        return jwt.serialize();
    }

    @Test
    void aRefusedTokenSaysWhichCheckFailed() {
        AccessTokenService service = service(AccessTokenSigning.HS256);
        String token = service.issue(request()).value();
        AccessTokenService otherAudience = new AccessTokenService(SmartSettings.builder("https://other.example/fhir")
                .build(), keys, revocations, Clock.systemUTC(), new TokenHashing(new SecureRandom()));
        // Another server's base differs in aud and iss alike; nimbus reports whichever it checks first.
        String foreign = otherAudience.check(token).problem();
        assertTrue(foreign.equals("The access token is for another audience (aud is not this FHIR server)")
                || foreign.equals("The access token was issued by another issuer"), foreign);
        AccessTokenService later = new AccessTokenService(SmartSettings.builder(BASE).build(), keys, revocations,
                Clock.offset(Clock.systemUTC(), Duration.ofMinutes(10)), new TokenHashing(new SecureRandom()));
        assertEquals("The access token has expired", later.check(token).problem());
        String[] parts = token.split("\\.");
        assertEquals("The access token's signature is invalid",
                service.check(parts[0] + "." + parts[1] + "." + parts[2].substring(1) + "A").problem());
        assertEquals("The access token is not a signed JWT", service.check("opaque").problem());
        AccessGrant grant = service.verify(token).orElseThrow();
        revocations.revokeToken(grant.tokenId(), grant.expiresAt());
        assertEquals("The access token has been revoked", service.check(token).problem());
    }
}
