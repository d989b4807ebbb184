package io.github.hapismart.client;

import com.nimbusds.oauth2.sdk.auth.ClientAuthenticationMethod;
import java.util.Arrays;
import java.util.Optional;

/**
 * The client authentication methods this server supports, by their RFC 7591 names (oauth2-oidc-sdk's
 * {@link ClientAuthenticationMethod} constants). An enum of our own, since nimbus's type is open to any extension
 * value and this set is closed.
 */
public enum ClientAuthMethod {
    /** Public client: no secret; PKCE protects the code. */
    NONE(ClientAuthenticationMethod.NONE.getValue()),
    /** Confidential symmetric: HTTP Basic with client_id and secret. */
    CLIENT_SECRET_BASIC(ClientAuthenticationMethod.CLIENT_SECRET_BASIC.getValue()),
    /** Confidential symmetric: client_id and client_secret as form parameters. */
    CLIENT_SECRET_POST(ClientAuthenticationMethod.CLIENT_SECRET_POST.getValue()),
    /** Confidential asymmetric: a JWT assertion signed with the client's private key (SMART Backend Services). */
    PRIVATE_KEY_JWT(ClientAuthenticationMethod.PRIVATE_KEY_JWT.getValue());

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
