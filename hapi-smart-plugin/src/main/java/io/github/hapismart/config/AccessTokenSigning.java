package io.github.hapismart.config;

/**
 * How the server signs its access tokens. Both kinds are JWTs that only this server needs to verify; other resource
 * servers ask the introspection endpoint.
 */
public enum AccessTokenSigning {
    /**
     * HMAC-SHA256 under a 256-bit secret kept (encrypted) with the signing keys and never published: a few
     * microseconds per token, the default.
     */
    HS256,
    /**
     * ECDSA P-256 with a key published in the JWKS, so that a separate resource server can verify tokens itself;
     * about a millisecond of CPU per token on a JDK 17 core.
     */
    ES256
}
