package io.github.hapismart.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs {@code src-test/js/external-token-provider.mjs}, a real OpenID provider ({@code oidc-provider}) on a loopback
 * port, as the external authorization server of resource-server mode, and gets tokens from it over HTTP only, as any
 * client would: client_credentials (its {@code backend} client, or a client registered through RFC 7591 with a
 * patient and fhirUser of its own), and the authorization code flow with PKCE through its login and consent pages
 * ({@code app}). Its signing key is made here, so tests can also forge tokens with it (wrong issuer, expired).
 */
public final class ExternalTokenProvider implements AutoCloseable, TestTokens {

    public static final String INTROSPECTOR = "fhir-server";
    public static final String INTROSPECTOR_SECRET = "introspector-" + UUID.randomUUID();
    public static final String BACKEND = "backend";
    public static final String OTHER_RESOURCE = "http://other.example/fhir";
    private static final String BACKEND_SECRET = "backend-" + UUID.randomUUID();
    private static final String REDIRECT = "http://127.0.0.1/callback";

    private final NodeScript process;
    private final Path keyFile;
    private final RSAKey signingKey;
    private final String issuer;
    private final String resource;
    private final Http http = new Http();
    private final ObjectMapper json = new ObjectMapper();
    private final Map<String, Client> registered = new ConcurrentHashMap<>();

    /** A client registered at the provider, with its secret. */
    public record Client(String id, String secret) {
    }

    private ExternalTokenProvider(NodeScript process, Path keyFile, RSAKey signingKey, String issuer,
                                  String resource) {
        this.process = process;
        this.keyFile = keyFile;
        this.signingKey = signingKey;
        this.issuer = issuer;
        this.resource = resource;
    }

    /** Starts the provider on {@code port} for a FHIR API whose base (resource indicator) is {@code fhirBase}. */
    public static ExternalTokenProvider start(int port, String fhirBase) {
        try {
            RSAKey key = new RSAKeyGenerator(2048).keyID("rs-" + UUID.randomUUID()).keyUse(KeyUse.SIGNATURE)
                    .algorithm(JWSAlgorithm.RS256).generate();
            Path keyFile = Files.createTempFile("external-provider-jwks-", ".json");
            Files.writeString(keyFile, new JWKSet(key).toString(false));
            NodeScript node = NodeScript.start("external-token-provider.mjs", Map.of("PORT", String.valueOf(port),
                    "RESOURCE", fhirBase, "OTHER_RESOURCE", OTHER_RESOURCE, "JWKS_FILE", keyFile.toString(),
                    "INTROSPECTOR_SECRET", INTROSPECTOR_SECRET, "BACKEND_SECRET", BACKEND_SECRET));
            String issuer = node.readJson().path("issuer").asText();
            return new ExternalTokenProvider(node, keyFile, key, issuer, fhirBase);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The issuer for a provider that will listen on {@code port}. */
    public static String issuerFor(int port) {
        return "http://127.0.0.1:" + port;
    }

    public String issuer() {
        return issuer;
    }

    /** The provider's signing key (private), to forge tokens it could have signed. */
    public RSAKey signingKey() {
        return signingKey;
    }

    /** A client_credentials token of the {@code backend} client for {@code resourceIndicator}. */
    public Http.Response backendToken(String scope, String resourceIndicator) {
        return http.postForm(issuer + "/token", "grant_type=client_credentials&scope=" + enc(scope)
                + "&resource=" + enc(resourceIndicator), "Authorization", basic(BACKEND, BACKEND_SECRET),
                "Accept", "application/json");
    }

    /** A client registered (RFC 7591) whose tokens carry {@code patient} and {@code fhirUser} claims. */
    public Client register(String scopes, Optional<String> patient, Optional<String> fhirUser, boolean opaque) {
        String key = scopes + "|" + patient + "|" + fhirUser + "|" + opaque;
        return registered.computeIfAbsent(key, k -> {
            ObjectNode metadata = json.createObjectNode().put("token_endpoint_auth_method", "client_secret_basic")
                    .put("smart_scope", scopes).put("access_token_format", opaque ? "opaque" : "jwt");
            metadata.putArray("grant_types").add("client_credentials");
            metadata.putArray("response_types");
            metadata.putArray("redirect_uris");
            patient.ifPresent(p -> metadata.put("patient", p));
            fhirUser.ifPresent(u -> metadata.put("fhir_user", u));
            Http.Response answer = http.postJson(issuer + "/reg", metadata.toString());
            assertEquals(201, answer.status(), answer.body());
            return new Client(answer.json().path("client_id").asText(), answer.json().path("client_secret").asText());
        });
    }

    /** A client_credentials token response of a registered client. */
    public Http.Response clientCredentials(Client client, String scope, String resourceIndicator) {
        return http.postForm(issuer + "/token", "grant_type=client_credentials&scope=" + enc(scope)
                + "&resource=" + enc(resourceIndicator), "Authorization", basic(client.id(), client.secret()),
                "Accept", "application/json");
    }

    /** A JWT (or, with {@code opaque}, an opaque) access token bound to {@code patient} and {@code fhirUser}. */
    public String token(String scopes, Optional<String> patient, Optional<String> fhirUser, boolean opaque) {
        Http.Response answer = clientCredentials(register(scopes, patient, fhirUser, opaque), scopes, resource);
        assertEquals(200, answer.status(), answer.body());
        return answer.json().path("access_token").asText();
    }

    /** As the leak suites ask for tokens: a JWT from a client of the provider (the client id is the provider's). */
    @Override
    public String mint(String clientId, String scopes, Optional<String> patient, Optional<String> fhirUser) {
        return token(scopes, patient, fhirUser, false);
    }

    /** Revokes a registered client's token at the provider (RFC 7009). */
    public void revoke(Client client, String token) {
        Http.Response answer = http.postForm(issuer + "/token/revocation", "token=" + enc(token),
                "Authorization", basic(client.id(), client.secret()), "Accept", "application/json");
        assertEquals(200, answer.status(), answer.body());
    }

    /**
     * The authorization code flow of the public {@code app} client with PKCE, logging in as {@code login} on the
     * provider's own login page and consenting on its consent page: the token response.
     */
    public JsonNode codeFlow(String login, String scope) {
        HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(10)).build();
        String verifier = UUID.randomUUID() + "-" + UUID.randomUUID();
        String state = UUID.randomUUID().toString();
        String location = issuer + "/auth?response_type=code&client_id=app&redirect_uri=" + enc(REDIRECT)
                + "&scope=" + enc(scope) + "&state=" + state + "&code_challenge=" + challenge(verifier)
                + "&code_challenge_method=S256&resource=" + enc(resource);
        for (int step = 0; step < 12 && !location.startsWith(REDIRECT); step++) {
            Http.Response page = send(browser, HttpRequest.newBuilder(URI.create(location)).GET().build());
            if (page.status() == 200 && page.body().contains("name=\"prompt\" value=\"login\"")) {
                page = send(browser, form(action(page), "prompt=login&login=" + enc(login) + "&password=any"));
            } else if (page.status() == 200 && page.body().contains("name=\"prompt\" value=\"consent\"")) {
                page = send(browser, form(action(page), "prompt=consent"));
            }
            String next = page.header("Location");
            if (next == null) {
                throw new IllegalStateException("The provider stopped at " + page.status() + ": " + page.body());
            }
            location = URI.create(location).resolve(next).toString();
        }
        Matcher code = Pattern.compile("[?&]code=([^&]+)").matcher(location);
        if (!code.find() || !location.contains("state=" + state)) {
            throw new IllegalStateException("No code in " + location);
        }
        Http.Response tokens = http.postForm(issuer + "/token", "grant_type=authorization_code&client_id=app"
                + "&code=" + code.group(1) + "&redirect_uri=" + enc(REDIRECT) + "&code_verifier=" + verifier,
                "Accept", "application/json");
        assertEquals(200, tokens.status(), tokens.body());
        return tokens.json();
    }

    private HttpRequest form(String action, String body) {
        return HttpRequest.newBuilder(URI.create(issuer).resolve(action))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private static String action(Http.Response page) {
        Matcher action = Pattern.compile("action=\"([^\"]+)\"").matcher(page.body());
        if (!action.find()) {
            throw new IllegalStateException("No form on " + page.body());
        }
        return action.group(1).replace("&amp;", "&");
    }

    private static Http.Response send(HttpClient client, HttpRequest request) {
        try {
            var response = client.send(request, java.net.http.HttpResponse.BodyHandlers.ofString());
            return new Http.Response(response.statusCode(), response.headers(), response.body(), null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String challenge(String verifier) {
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(MessageDigest.getInstance("SHA-256")
                    .digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String basic(String id, String secret) {
        return "Basic " + Base64.getEncoder().encodeToString((enc(id) + ":" + enc(secret))
                .getBytes(StandardCharsets.UTF_8));
    }

    static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        process.close();
        try {
            Files.deleteIfExists(keyFile);
        } catch (IOException ignored) {
            // a leftover temp file is harmless
        }
    }
}
