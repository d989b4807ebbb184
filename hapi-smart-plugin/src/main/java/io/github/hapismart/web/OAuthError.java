package io.github.hapismart.web;

import java.util.Objects;

/**
 * An OAuth 2.0 error as a value: the RFC 6749 / RFC 7591 error code, a human description and the HTTP status
 * it is answered with. Endpoints throw it as {@link OAuthException} and render it in one place.
 *
 * <p>Not oauth2-oidc-sdk's {@code ErrorObject}: that one allows a null code and status and carries an error URI and
 * custom parameters we never send, and rendering it would need its servlet bridge; an error nimbus reports (a
 * {@code ParseException}'s error object) is turned into this record at the edge, where it is caught.
 */
public record OAuthError(String code, String description, int httpStatus) {

    public OAuthError {
        Objects.requireNonNull(code);
        Objects.requireNonNull(description);
    }

    public static OAuthError invalidRequest(String description) {
        return new OAuthError("invalid_request", description, 400);
    }

    public static OAuthError invalidClient(String description) {
        return new OAuthError("invalid_client", description, 401);
    }

    public static OAuthError invalidGrant(String description) {
        return new OAuthError("invalid_grant", description, 400);
    }

    public static OAuthError invalidScope(String description) {
        return new OAuthError("invalid_scope", description, 400);
    }

    public static OAuthError unauthorizedClient(String description) {
        return new OAuthError("unauthorized_client", description, 400);
    }

    public static OAuthError unsupportedGrantType(String description) {
        return new OAuthError("unsupported_grant_type", description, 400);
    }

    public static OAuthError accessDenied(String description) {
        return new OAuthError("access_denied", description, 403);
    }

    public static OAuthError invalidRedirectUri(String description) {
        return new OAuthError("invalid_redirect_uri", description, 400);
    }

    public static OAuthError invalidClientMetadata(String description) {
        return new OAuthError("invalid_client_metadata", description, 400);
    }

    public static OAuthError invalidToken(String description) {
        return new OAuthError("invalid_token", description, 401);
    }

    /** This error as an exception, for throwing from deep inside a request. */
    public OAuthException exception() {
        return new OAuthException(this);
    }
}
