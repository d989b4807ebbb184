package io.github.hapismart.it;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;
import java.util.function.Consumer;

/** A SMART Backend Services client for the tests: its own key pair, registration, and signed client assertions. */
public final class BackendClient {

    private final JWK key;
    private final JWSAlgorithm alg;
    private String clientId;

    private BackendClient(JWK key, JWSAlgorithm alg) {
        this.key = key;
        this.alg = alg;
    }

    /** A client with a new RSA key signing RS384. */
    public static BackendClient rs384() {
        try {
            return new BackendClient(new RSAKeyGenerator(2048).keyID(UUID.randomUUID().toString())
                    .algorithm(JWSAlgorithm.RS384).keyUse(KeyUse.SIGNATURE).generate(), JWSAlgorithm.RS384);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A client with a new EC P-384 key signing ES384. */
    public static BackendClient es384() {
        try {
            return new BackendClient(new ECKeyGenerator(Curve.P_384).keyID(UUID.randomUUID().toString())
                    .algorithm(JWSAlgorithm.ES384).keyUse(KeyUse.SIGNATURE).generate(), JWSAlgorithm.ES384);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    public JWK key() {
        return key;
    }

    public String clientId() {
        return clientId;
    }

    /** The public key set, as it would be published at a jwks_uri. */
    public String publicJwks() {
        return new JWKSet(key.toPublicJWK()).toString(true);
    }

    /** Registers with the key set inline ({@code jwks}). */
    public BackendClient registerWithJwks(Http http, ServerAddress server, String scope) {
        return register(http, server, "\"jwks\": " + publicJwks(), scope);
    }

    /** Registers with a {@code jwks_uri}. */
    public BackendClient registerWithJwksUri(Http http, ServerAddress server, String jwksUri, String scope) {
        return register(http, server, "\"jwks_uri\": \"" + jwksUri + "\"", scope);
    }

    private BackendClient register(Http http, ServerAddress server, String keys, String scope) {
        Http.Response response = http.postJson(server.rootUrl() + "/auth/register", """
                {"client_name": "backend test", "grant_types": ["client_credentials"],
                 "token_endpoint_auth_method": "private_key_jwt", "scope": "%s", %s}""".formatted(scope, keys));
        if (response.status() != 201) {
            throw new IllegalStateException("Registration failed: " + response.body());
        }
        clientId = response.json().path("client_id").asText();
        return this;
    }

    /** A valid assertion for the token endpoint, changed by {@code customize}. */
    public String assertion(String tokenEndpoint, Consumer<JWTClaimsSet.Builder> customize) {
        return sign(key, alg, tokenEndpoint, customize);
    }

    /** A valid assertion for the token endpoint. */
    public String assertion(String tokenEndpoint) {
        return assertion(tokenEndpoint, claims -> { });
    }

    /** Signs an assertion for this client with any key and algorithm (for refusal tests). */
    public String sign(JWK signingKey, JWSAlgorithm algorithm, String tokenEndpoint,
                       Consumer<JWTClaimsSet.Builder> customize) {
        Instant now = Instant.now();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().issuer(clientId).subject(clientId)
                .audience(tokenEndpoint).jwtID(UUID.randomUUID().toString())
                .expirationTime(Date.from(now.plus(Duration.ofMinutes(4)))).issueTime(Date.from(now));
        customize.accept(claims);
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(algorithm).keyID(signingKey.getKeyID())
                    .type(JOSEObjectType.JWT).build(), claims.build());
            JWSSigner signer = signingKey.getKeyType().getValue().equals("EC")
                    ? new ECDSASigner(signingKey.toECKey()) : new RSASSASigner(signingKey.toRSAKey());
            jwt.sign(signer);
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The form body of a client_credentials token request with this assertion. */
    public static String tokenForm(String assertion, String scope) {
        return "grant_type=client_credentials&scope=" + encode(scope)
                + "&client_assertion_type=" + encode("urn:ietf:params:oauth:client-assertion-type:jwt-bearer")
                + "&client_assertion=" + encode(assertion);
    }

    public static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
