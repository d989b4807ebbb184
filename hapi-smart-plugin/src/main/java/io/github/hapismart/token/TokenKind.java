package io.github.hapismart.token;

import io.github.hapismart.client.RegisteredClient;
import java.util.Map;
import java.util.Optional;

/**
 * One kind of token the server issues (access token, refresh token), as introspection and revocation see it.
 * Each kind recognises its own tokens and ignores others.
 */
public interface TokenKind {

    /** The RFC 7662 claims of an active token of this kind, or empty if it is not one, or not active. */
    Optional<Map<String, Object>> introspect(String token);

    /**
     * Revokes the token if it is of this kind and was issued to {@code client}; returns whether it was recognised.
     * A token of another client is left alone (RFC 7009 section 2.1).
     */
    boolean revoke(String token, RegisteredClient client);
}
