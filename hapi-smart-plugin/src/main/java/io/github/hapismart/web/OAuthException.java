package io.github.hapismart.web;

/** Carries an {@link OAuthError} up to the endpoint that renders it. */
public final class OAuthException extends RuntimeException {

    private final transient OAuthError error;

    public OAuthException(OAuthError error) {
        super(error.code() + ": " + error.description(), null, false, false);
        this.error = error;
    }

    public OAuthError error() {
        return error;
    }
}
