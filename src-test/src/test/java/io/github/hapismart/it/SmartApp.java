package io.github.hapismart.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A SMART app for the tests: registered through RFC 7591 with a loopback redirect_uri on which nothing listens
 * (tests read the redirect's Location instead), building PKCE authorization requests and redeeming codes.
 */
public final class SmartApp {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Http http;
    private final ServerAddress server;
    private final String clientId;
    private final String secret;
    private final String redirectUri;

    private SmartApp(Http http, ServerAddress server, String clientId, String secret, String redirectUri) {
        this.http = http;
        this.server = server;
        this.clientId = clientId;
        this.secret = secret;
        this.redirectUri = redirectUri;
    }

    /** One authorization attempt: its PKCE verifier, state and nonce. */
    public record Attempt(String verifier, String challenge, String state, String nonce) {
    }

    /** Registers a public app (PKCE, no secret) that may receive {@code scope}. */
    public static SmartApp registerPublic(Http http, ServerAddress server, String scope) {
        return register(http, server, scope, "none");
    }

    /** Registers a confidential app (client_secret_basic). */
    public static SmartApp registerConfidential(Http http, ServerAddress server, String scope) {
        return register(http, server, scope, "client_secret_basic");
    }

    private static SmartApp register(Http http, ServerAddress server, String scope, String method) {
        String redirect = "http://localhost:" + freePort() + "/cb";
        Http.Response response = http.postJson(server.rootUrl() + "/auth/register", """
                {"client_name": "Test app", "redirect_uris": ["%s"], "token_endpoint_auth_method": "%s",
                 "grant_types": ["authorization_code", "refresh_token"], "scope": "%s"}"""
                .formatted(redirect, method, scope));
        assertEquals(201, response.status(), response.body());
        return new SmartApp(http, server, response.json().path("client_id").asText(),
                response.json().path("client_secret").asText(null), redirect);
    }

    public String clientId() {
        return clientId;
    }

    public String redirectUri() {
        return redirectUri;
    }

    /** A fresh verifier, challenge, state and nonce. */
    public static Attempt attempt() {
        String verifier = random(48);
        return new Attempt(verifier, challengeOf(verifier), random(16), random(16));
    }

    /** The authorization request parameters for {@code scope}; callers may change or remove any. */
    public Map<String, String> authorizeParams(String scope, Attempt attempt) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("response_type", "code");
        params.put("client_id", clientId);
        params.put("redirect_uri", redirectUri);
        params.put("scope", scope);
        params.put("state", attempt.state());
        params.put("aud", server.fhirBase());
        params.put("code_challenge", attempt.challenge());
        params.put("code_challenge_method", "S256");
        params.put("nonce", attempt.nonce());
        return params;
    }

    /** The authorize URL with these parameters. */
    public String authorizeUrl(Map<String, String> params) {
        return server.rootUrl() + "/auth/authorize?" + form(params);
    }

    /** Redeems a code at the token endpoint. */
    public Http.Response exchange(String code, String verifier) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "authorization_code");
        form.put("code", code);
        form.put("redirect_uri", redirectUri);
        if (verifier != null) {
            form.put("code_verifier", verifier);
        }
        return token(form);
    }

    /** Uses a refresh token, optionally asking for {@code scope}. */
    public Http.Response refresh(String refreshToken, String scope) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "refresh_token");
        form.put("refresh_token", refreshToken);
        if (scope != null) {
            form.put("scope", scope);
        }
        return token(form);
    }

    /** A token-endpoint request authenticated as this app. */
    public Http.Response token(Map<String, String> form) {
        if (secret == null) {
            Map<String, String> withId = new LinkedHashMap<>(form);
            withId.put("client_id", clientId);
            return http.postForm(server.rootUrl() + "/auth/token", form(withId));
        }
        return http.postForm(server.rootUrl() + "/auth/token", form(form), "Authorization", basic());
    }

    /** Revokes a token (RFC 7009) as this app. */
    public Http.Response revoke(String token) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("token", token);
        if (secret == null) {
            form.put("client_id", clientId);
            return http.postForm(server.rootUrl() + "/auth/revoke", form(form));
        }
        return http.postForm(server.rootUrl() + "/auth/revoke", form(form), "Authorization", basic());
    }

    /** Introspects a token as this (confidential) app. */
    public Http.Response introspect(String token) {
        return http.postForm(server.rootUrl() + "/auth/introspect", "token=" + encode(token),
                "Authorization", basic());
    }

    /** The HTTP Basic header of this (confidential) app. */
    public String basic() {
        return "Basic " + Base64.getEncoder().encodeToString((encode(clientId) + ":" + encode(secret))
                .getBytes(StandardCharsets.UTF_8));
    }

    public static String form(Map<String, String> params) {
        return params.entrySet().stream().map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
    }

    public static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    static String challengeOf(String verifier) {
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(MessageDigest.getInstance("SHA-256")
                    .digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String random(int bytes) {
        byte[] value = new byte[bytes];
        RANDOM.nextBytes(value);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(value);
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
