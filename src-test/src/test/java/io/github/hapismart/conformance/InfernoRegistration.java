package io.github.hapismart.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.nimbusds.jose.JWSAlgorithm;
import io.github.hapismart.it.Http;
import io.github.hapismart.it.SampleServerFixture;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Registers the Inferno client the way {@code docs/inferno.md} tells a tester to (the same JSON as its {@code curl}
 * commands, through the open RFC 7591 endpoint). Redirect and launch URIs point at a loopback port where nothing
 * listens, as Inferno's own {@code /custom/smart_stu2_2/redirect} would: the steps read the redirect's URL instead.
 */
final class InfernoRegistration {

    private InfernoRegistration() {
    }

    /** The scope a tester registers the Inferno app client with: everything the g(10) and SMART groups request. */
    static final String APP_SCOPE = "launch launch/patient openid fhirUser offline_access online_access "
            + "patient/*.rs user/*.rs patient/*.read user/*.read";

    /**
     * An app client (public, confidential symmetric or confidential asymmetric) registered with {@link #APP_SCOPE},
     * requesting {@code requestedScopes} in the launches.
     */
    static AuthInfo app(Http http, SampleServerFixture server, AuthInfo.Type type, String requestedScopes,
                        InfernoJwks jwks, JWSAlgorithm algorithm) {
        AuthInfo auth = new AuthInfo(type);
        auth.clientName = "Inferno " + type.name().toLowerCase() + " " + java.util.UUID.randomUUID().toString()
                .substring(0, 8);
        String inferno = "http://localhost:" + freePort() + "/custom/smart_stu2_2";
        auth.redirectUri = inferno + "/redirect";
        auth.launchUri = inferno + "/launch";
        auth.requestedScopes = requestedScopes;
        String method = switch (type) {
            case PUBLIC -> "none";
            case SYMMETRIC -> "client_secret_basic";
            default -> "private_key_jwt";
        };
        String keys = "";
        if (auth.isAsymmetric()) {
            auth.algorithm = algorithm;
            auth.key = jwks.newKey(algorithm);
            keys = ", \"jwks_uri\": \"" + jwks.url() + "\"";
        }
        Http.Response response = http.postJson(server.rootUrl() + "/auth/register", """
                {"client_name": "%s", "redirect_uris": ["%s"], "initiate_login_uri": "%s",
                 "token_endpoint_auth_method": "%s", "grant_types": ["authorization_code", "refresh_token"],
                 "scope": "%s"%s}""".formatted(auth.clientName, auth.redirectUri, auth.launchUri, method, APP_SCOPE,
                keys));
        assertEquals(201, response.status(), "registration: " + response.body());
        auth.clientId = response.json().path("client_id").asText();
        auth.clientSecret = response.json().path("client_secret").asText(null);
        return auth;
    }

    /** A backend-services client (client_credentials, private_key_jwt with Inferno's JWKS URL). */
    static AuthInfo backend(Http http, SampleServerFixture server, InfernoJwks jwks, JWSAlgorithm algorithm,
                            String scope) {
        AuthInfo auth = new AuthInfo(AuthInfo.Type.BACKEND_SERVICES);
        auth.algorithm = algorithm;
        auth.key = jwks.newKey(algorithm);
        auth.requestedScopes = scope;
        Http.Response response = http.postJson(server.rootUrl() + "/auth/register", """
                {"client_name": "Inferno backend services", "grant_types": ["client_credentials"],
                 "token_endpoint_auth_method": "private_key_jwt", "jwks_uri": "%s", "scope": "%s"}"""
                .formatted(jwks.url(), scope));
        assertEquals(201, response.status(), "registration: " + response.body());
        auth.clientId = response.json().path("client_id").asText();
        return auth;
    }

    private static int freePort() {
        try {
            return SampleServerFixture.freePort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
