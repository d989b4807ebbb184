package io.github.hapismart.client;

import java.util.Arrays;
import java.util.Optional;

/** How a client authenticates at the token endpoint, by its RFC 7591 name. */
public enum ClientAuthMethod {
    /** Public client: no secret; PKCE protects the code. */
    NONE("none"),
    /** Confidential symmetric: HTTP Basic with client_id and secret. */
    CLIENT_SECRET_BASIC("client_secret_basic"),
    /** Confidential symmetric: client_id and client_secret as form parameters. */
    CLIENT_SECRET_POST("client_secret_post"),
    /** Confidential asymmetric: a JWT assertion signed with the client's private key (SMART Backend Services). */
    PRIVATE_KEY_JWT("private_key_jwt");

    private final String value;

    ClientAuthMethod(String value) {
        this.value = value;
    }

    /** The RFC 7591 {@code token_endpoint_auth_method} value. */
    public String value() {
        return value;
    }

    /** Whether the client holds a shared secret. */
    public boolean usesSecret() {
        return this == CLIENT_SECRET_BASIC || this == CLIENT_SECRET_POST;
    }

    public static Optional<ClientAuthMethod> fromValue(String value) {
        return Arrays.stream(values()).filter(m -> m.value.equals(value)).findFirst();
    }
}
