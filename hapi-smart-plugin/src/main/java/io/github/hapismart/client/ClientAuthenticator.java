package io.github.hapismart.client;

import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import io.github.hapismart.audit.AuditKind;
import io.github.hapismart.audit.AuditRecord;
import io.github.hapismart.audit.AuditSink;
import io.github.hapismart.web.OAuthError;
import java.time.Clock;
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
    private final AuditSink audit;
    private final Clock clock;

    public ClientAuthenticator(ClientRepository clients, PasswordEncoder passwordEncoder,
                               ClientAssertionVerifier assertions) {
        this(clients, passwordEncoder, assertions, AuditSink.none(), Clock.systemUTC());
    }

    /** An authenticator that tells {@code audit} each failed client authentication ({@link #failed}). */
    public ClientAuthenticator(ClientRepository clients, PasswordEncoder passwordEncoder,
                               ClientAssertionVerifier assertions, AuditSink audit, Clock clock) {
        this.clients = clients;
        this.passwordEncoder = passwordEncoder;
        this.assertions = assertions;
        this.dummySecretHash = passwordEncoder.encode("not-a-client-secret");
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * Records a failed client authentication in the audit trail: the {@code client_id} as claimed (from the Basic
     * header, the form, or the assertion's unverified {@code iss}), the method tried, the endpoint, the caller's
     * address and the reason. Never the secret or the assertion.
     *
     * @param endpoint the request, e.g. {@code POST /auth/token}
     */
    public void failed(String authorizationHeader, Map<String, String> form, String endpoint, String address,
                       OAuthError error) {
        String method = methodOf(authorizationHeader, form);
        audit.record(AuditRecord.of(AuditKind.CLIENT_AUTHENTICATION, false, clock.instant())
                .client(claimedClientId(authorizationHeader, form).map(ClientAuthenticator::bounded).orElse(null))
                .network(address).request(endpoint).reason(error.description())
                .detail("auth_method", method).detail("error", error.code()).build());
    }

    /** The method a request tried, by what it carries (several: {@code multiple}). */
    static String methodOf(String authorizationHeader, Map<String, String> form) {
        boolean basic = authorizationHeader != null && authorizationHeader.regionMatches(true, 0, "Basic ", 0, 6);
        boolean post = form.containsKey("client_secret");
        boolean jwt = form.containsKey("client_assertion") || form.containsKey("client_assertion_type");
        if ((basic ? 1 : 0) + (post ? 1 : 0) + (jwt ? 1 : 0) > 1) {
            return "multiple";
        }
        if (authorizationHeader != null && !basic) {
            return "other Authorization scheme";
        }
        return basic ? "client_secret_basic" : post ? "client_secret_post" : jwt ? "private_key_jwt" : "none";
    }

    /** The client id a failed request claimed, unverified; never a secret. */
    private static Optional<String> claimedClientId(String authorizationHeader, Map<String, String> form) {
        if (form.get("client_id") != null) {
            return Optional.of(form.get("client_id"));
        }
        if (authorizationHeader != null && authorizationHeader.regionMatches(true, 0, "Basic ", 0, 6)) {
            try {
                return Optional.of(ClientSecretBasic.parse("Basic " + authorizationHeader.substring(6).strip())
                        .getClientID().getValue());
            } catch (ParseException | RuntimeException e) {
                return Optional.empty();
            }
        }
        if (form.get("client_assertion") != null) {
            try {
                return Optional.ofNullable(SignedJWT.parse(form.get("client_assertion")).getJWTClaimsSet().getIssuer());
            } catch (java.text.ParseException | RuntimeException e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    private static String bounded(String value) {
        String printable = value.replaceAll("[^\\x20-\\x7E]", "?");
        return printable.length() > 128 ? printable.substring(0, 128) : printable;
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
