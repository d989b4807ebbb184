package io.github.hapismart.authorize;

import io.github.hapismart.web.OAuthError;
import java.util.Optional;

/**
 * A refused authorization request. Before the client and its redirect_uri are trusted, it carries no redirect and
 * is shown as an error page; afterwards it is sent back to the client's redirect_uri with {@code state}.
 */
final class AuthorizationFault extends RuntimeException {

    private final transient OAuthError error;
    private final Optional<String> redirectUri;
    private final Optional<String> state;

    private AuthorizationFault(OAuthError error, Optional<String> redirectUri, Optional<String> state) {
        super(error.code() + ": " + error.description(), null, false, false);
        this.error = error;
        this.redirectUri = redirectUri;
        this.state = state;
    }

    /** A fault shown on an error page, never redirected. */
    static AuthorizationFault untrusted(String description) {
        return new AuthorizationFault(OAuthError.invalidRequest(description), Optional.empty(), Optional.empty());
    }

    /** A fault reported to the client at its (trusted) redirect_uri. */
    static AuthorizationFault redirect(OAuthError error, String redirectUri, Optional<String> state) {
        return new AuthorizationFault(error, Optional.of(redirectUri), state);
    }

    OAuthError error() {
        return error;
    }

    Optional<String> redirectUri() {
        return redirectUri;
    }

    Optional<String> state() {
        return state;
    }
}
