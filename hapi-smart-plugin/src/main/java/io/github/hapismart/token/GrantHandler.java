package io.github.hapismart.token;

import io.github.hapismart.client.RegisteredClient;
import java.util.Map;

/**
 * Handles one grant type at the token endpoint, after the client has been authenticated and found allowed to use
 * that grant. Faults are thrown as {@link io.github.hapismart.web.OAuthException}.
 */
public interface GrantHandler {

    /** The {@code grant_type} value this handler serves. */
    String grantType();

    /** The JSON body of a successful token response. */
    Map<String, Object> handle(RegisteredClient client, Map<String, String> form);
}
