package io.github.hapismart.authorize;

import io.github.hapismart.web.OAuthError;
import jakarta.servlet.http.HttpServletResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Redirects back to the client: a code or an OAuth error, always with the client's {@code state} and the
 * server's {@code iss} (RFC 9207), so that a client talking to several servers can tell which one answered and a
 * mix-up attack fails.
 */
final class Redirects {

    private Redirects() {
    }

    static void sendCode(HttpServletResponse response, String issuer, String redirectUri, String code,
                         Optional<String> state, int status) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("code", code);
        state.ifPresent(s -> params.put("state", s));
        params.put("iss", issuer);
        send(response, redirectUri, params, status);
    }

    static void sendError(HttpServletResponse response, String issuer, String redirectUri, OAuthError error,
                          Optional<String> state, int status) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("error", error.code());
        params.put("error_description", error.description());
        state.ifPresent(s -> params.put("state", s));
        params.put("iss", issuer);
        send(response, redirectUri, params, status);
    }

    /** A redirect to a page of this server (303 after a form post, 302 otherwise). */
    static void sendLocal(HttpServletResponse response, String location, int status) {
        Pages.securityHeaders(response);
        response.setStatus(status);
        response.setHeader("Location", location);
    }

    private static void send(HttpServletResponse response, String redirectUri, Map<String, String> params,
                             int status) {
        StringBuilder location = new StringBuilder(redirectUri);
        char separator = redirectUri.contains("?") ? '&' : '?';
        for (Map.Entry<String, String> entry : params.entrySet()) {
            location.append(separator).append(entry.getKey()).append('=')
                    .append(URLEncoder.encode(entry.getValue(), StandardCharsets.UTF_8));
            separator = '&';
        }
        sendLocal(response, location.toString(), status);
    }
}
