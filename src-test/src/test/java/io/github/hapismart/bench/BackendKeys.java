package io.github.hapismart.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

/**
 * A SMART Backend Services client of the benchmark: an RS384 key (the algorithm most backend clients use; the
 * server verifies RSA signatures far faster than ECDSA ones), registered over HTTP, and form bodies with fresh
 * client assertions signed <em>before</em> a run, so signing costs nothing during the measurement.
 */
final class BackendKeys {

    static final String JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

    private final RSAKey key;
    private final String clientId;
    private final String tokenEndpoint;

    private BackendKeys(RSAKey key, String clientId, String tokenEndpoint) {
        this.key = key;
        this.clientId = clientId;
        this.tokenEndpoint = tokenEndpoint;
    }

    /** Registers a new client ({@code private_key_jwt}, {@code system/*.rs}) at the server's open registration. */
    static BackendKeys register(String rootUrl) {
        try {
            RSAKey key = new RSAKeyGenerator(2048).keyID(UUID.randomUUID().toString()).algorithm(JWSAlgorithm.RS384)
                    .keyUse(KeyUse.SIGNATURE).generate();
            String body = """
                    {"client_name": "benchmark", "grant_types": ["client_credentials"],
                     "token_endpoint_auth_method": "private_key_jwt", "scope": "system/*.rs", "jwks": %s}"""
                    .formatted(new JWKSet(key.toPublicJWK()).toString(true));
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create(rootUrl + "/auth/register")).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 201) {
                throw new IllegalStateException("Registration failed: " + response.body());
            }
            String clientId = new ObjectMapper().readTree(response.body()).path("client_id").asText();
            return new BackendKeys(key, clientId, rootUrl + "/auth/token");
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    String clientId() {
        return clientId;
    }

    /** A form body for a client_credentials grant of {@code scope}. */
    String tokenForm(String scope) {
        return "grant_type=client_credentials&scope=" + encode(scope) + authentication();
    }

    /** A form body introspecting {@code token}. */
    String introspectionForm(String token) {
        return "token=" + encode(token) + authentication();
    }

    private String authentication() {
        return "&client_assertion_type=" + encode(JWT_BEARER) + "&client_assertion=" + encode(assertion());
    }

    /** Writes {@code count} bodies made by {@code body} (each with its own assertion), signed on every core. */
    static Path writeBodies(Path file, int count, java.util.function.Supplier<String> body) {
        List<String> lines = IntStream.range(0, count).parallel().mapToObj(i -> body.get()).toList();
        try {
            return Files.write(file, lines);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String assertion() {
        Instant now = Instant.now();
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(clientId).subject(clientId).audience(tokenEndpoint)
                .jwtID(UUID.randomUUID().toString()).issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(Duration.ofMinutes(5)))).build();
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS384).keyID(key.getKeyID())
                    .type(JOSEObjectType.JWT).build(), claims);
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
