package io.github.hapismart.web;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Objects;

/**
 * The one {@code WWW-Authenticate} policy of the {@code /auth} endpoints, sent with every 401 answer and, besides,
 * only with a bearer endpoint's 403 {@code insufficient_scope} (docs/configuration.md, "WWW-Authenticate").
 *
 * <ul>
 *   <li>{@link #client(String) Client authentication} (token, introspection, revocation, launch API), RFC 6749
 *       section 5.2: {@code Basic realm="<realm>"}, whether the credential was missing, bad, or of a method the client
 *       may not use. Basic is the only HTTP authentication scheme a client can answer with here; a client that sent
 *       Basic credentials gets the challenge of the scheme it used, as the RFC requires. Never {@code Bearer}: these
 *       endpoints are not protected by bearer tokens.</li>
 *   <li>{@link #bearer(String) Bearer-token protected} endpoints (registration with an initial access token), RFC 6750
 *       section 3: {@code Bearer realm="<realm>"} without an error code when no bearer token was sent, and with
 *       {@code error="invalid_token"} when one was sent but is not valid.</li>
 * </ul>
 */
public record AuthChallenge(Scheme scheme, String realm) {

    /** How the endpoint expects its caller to authenticate. */
    public enum Scheme {
        /** OAuth client authentication; HTTP Basic is its header-borne form. */
        CLIENT,
        /** An RFC 6750 bearer token in the {@code Authorization} header. */
        BEARER
    }

    public AuthChallenge {
        Objects.requireNonNull(scheme);
        if (realm == null || realm.isBlank() || realm.contains("\"")) {
            throw new IllegalArgumentException("realm must be a non-empty token without quotes");
        }
    }

    /** The challenge of an endpoint where clients authenticate (RFC 6749 section 2.3). */
    public static AuthChallenge client(String realm) {
        return new AuthChallenge(Scheme.CLIENT, realm);
    }

    /** The challenge of an endpoint protected by a bearer token (RFC 6750). */
    public static AuthChallenge bearer(String realm) {
        return new AuthChallenge(Scheme.BEARER, realm);
    }

    /** The {@code WWW-Authenticate} value for a 401 answering {@code request}. */
    public String header(HttpServletRequest request) {
        String base = (scheme == Scheme.CLIENT ? "Basic" : "Bearer") + " realm=\"" + realm + "\"";
        if (scheme == Scheme.BEARER && presentedBearerToken(request)) {
            return base + ", error=\"invalid_token\"";
        }
        return base;
    }

    /**
     * The challenge of a 403 for a valid bearer token that lacks a scope the resource needs (RFC 6750 section 3.1,
     * {@code insufficient_scope}): the one case where a challenge goes with a status other than 401.
     */
    public static String insufficientScope(String realm, String scope) {
        return "Bearer realm=\"" + new AuthChallenge(Scheme.BEARER, realm).realm() + "\", error=\"insufficient_scope\", "
                + "scope=\"" + scope + "\"";
    }

    private static boolean presentedBearerToken(HttpServletRequest request) {
        String header = request.getHeader("Authorization");
        return header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) && !header.substring(7).isBlank();
    }
}
