package io.github.hapismart.client;

import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import io.github.hapismart.web.OAuthError;
import java.util.Map;
import java.util.Optional;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * Authenticates the client of a token, introspection or revocation request by exactly one method: HTTP Basic
 * (client_secret_basic), form secret (client_secret_post), a JWT assertion (private_key_jwt), or a bare
 * {@code client_id} for public clients. More than one method, or a method the client is not registered for, fails;
 * so does an {@code Authorization} header of another scheme (a bearer token is no client credential, and ignoring it
 * would let the request pass as whatever the form says).
 *
 * <p>The Basic header is decoded by oauth2-oidc-sdk's {@link ClientSecretBasic}. Choosing the method and checking the
 * secret stay here rather than in its {@code ClientAuthentication.parse} and {@code ClientAuthenticationVerifier}:
 * those take the first method they find where we refuse a request that sends two, and compare secrets in clear where
 * we hold only password-encoder hashes (compared in constant time, with a dummy hash for unknown clients).
 */
public final class ClientAuthenticator {

    static final String JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

    private final ClientRepository clients;
    private final PasswordEncoder passwordEncoder;
    private final ClientAssertionVerifier assertions;
    private final String dummySecretHash;

    public ClientAuthenticator(ClientRepository clients, PasswordEncoder passwordEncoder,
                               ClientAssertionVerifier assertions) {
        this.clients = clients;
        this.passwordEncoder = passwordEncoder;
        this.assertions = assertions;
        this.dummySecretHash = passwordEncoder.encode("not-a-client-secret");
    }

    /**
     * The authenticated client.
     *
     * @param authorizationHeader the request's {@code Authorization} header, or null
     * @param form                the request's single-valued form parameters
     */
    public RegisteredClient authenticate(String authorizationHeader, Map<String, String> form) {
        boolean basic = authorizationHeader != null && authorizationHeader.regionMatches(true, 0, "Basic ", 0, 6);
        if (authorizationHeader != null && !basic) {
            throw OAuthError.invalidClient("The Authorization header must carry Basic client credentials")
                    .exception();
        }
        boolean post = form.containsKey("client_secret");
        boolean jwt = form.containsKey("client_assertion") || form.containsKey("client_assertion_type");
        int methods = (basic ? 1 : 0) + (post ? 1 : 0) + (jwt ? 1 : 0);
        if (methods > 1) {
            throw OAuthError.invalidRequest("Use exactly one client authentication method").exception();
        }
        if (basic) {
            return basic("Basic " + authorizationHeader.substring(6).strip(), Optional.ofNullable(form.get("client_id")));
        }
        if (post) {
            return secret(required(form, "client_id"), form.get("client_secret"));
        }
        if (jwt) {
            if (!JWT_BEARER.equals(form.get("client_assertion_type"))) {
                // A malformed request rather than a failed authentication: 400, as Inferno's bulk data kit expects.
                throw OAuthError.invalidRequest("client_assertion_type must be " + JWT_BEARER).exception();
            }
            return assertions.verify(required(form, "client_assertion"), Optional.ofNullable(form.get("client_id")));
        }
        String clientId = form.get("client_id");
        if (clientId == null) {
            throw OAuthError.invalidClient("Client authentication is required").exception();
        }
        RegisteredClient client = clients.findById(clientId)
                .orElseThrow(() -> OAuthError.invalidClient("Unknown client").exception());
        if (!client.isPublic()) {
            throw OAuthError.invalidClient("This confidential client must authenticate").exception();
        }
        return client;
    }

    /** HTTP Basic as RFC 6749 section 2.3.1 has it (form-encoded id and secret), parsed by oauth2-oidc-sdk. */
    private RegisteredClient basic(String header, Optional<String> clientIdParameter) {
        ClientSecretBasic credentials;
        try {
            credentials = ClientSecretBasic.parse(header);
        } catch (ParseException | IllegalArgumentException e) {
            throw OAuthError.invalidClient("The Basic credentials must be base64(client_id:client_secret)")
                    .exception();
        }
        String clientId = credentials.getClientID().getValue();
        if (clientIdParameter.isPresent() && !clientIdParameter.get().equals(clientId)) {
            throw OAuthError.invalidClient("client_id does not match the Basic credentials").exception();
        }
        return secret(clientId, credentials.getClientSecret().getValue());
    }

    private RegisteredClient secret(String clientId, String secret) {
        Optional<RegisteredClient> client = clients.findById(clientId);
        String hash = client.flatMap(RegisteredClient::secretHash).orElse(dummySecretHash);
        boolean matches = passwordEncoder.matches(secret == null ? "" : secret, hash);
        if (client.isEmpty() || !client.get().authMethod().usesSecret() || !matches) {
            throw OAuthError.invalidClient("Client authentication failed").exception();
        }
        return client.get();
    }

    private static String required(Map<String, String> form, String name) {
        String value = form.get(name);
        if (value == null || value.isEmpty()) {
            throw OAuthError.invalidRequest("Missing parameter " + name).exception();
        }
        return value;
    }
}
