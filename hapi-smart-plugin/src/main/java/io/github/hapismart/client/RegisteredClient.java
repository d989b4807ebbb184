package io.github.hapismart.client;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A registered OAuth client, immutable. The secret is only ever held as a hash.
 *
 * @param clientId         the client identifier
 * @param clientName       a human name shown on the consent page
 * @param authMethod       how it authenticates at the token endpoint
 * @param secretHash       the password-encoder hash of its secret, for the {@code client_secret_*} methods
 * @param redirectUris     the exact redirect URIs it may use
 * @param grantTypes       the grant types it may use ({@code authorization_code}, {@code refresh_token},
 *                         {@code client_credentials})
 * @param scope            the largest scope it may ever receive, space separated
 * @param jwks             its public keys as a JWK Set JSON document, for {@code private_key_jwt}
 * @param jwksUri          where its public keys are published, for {@code private_key_jwt}
 * @param initiateLoginUri the app's launch URL, to which an EHR launch sends {@code iss} and {@code launch}
 * @param createdAt        when it was registered
 */
public record RegisteredClient(
        String clientId,
        String clientName,
        ClientAuthMethod authMethod,
        Optional<String> secretHash,
        List<URI> redirectUris,
        Set<String> grantTypes,
        String scope,
        Optional<String> jwks,
        Optional<URI> jwksUri,
        Optional<URI> initiateLoginUri,
        Instant createdAt) {

    public static final String AUTHORIZATION_CODE = "authorization_code";
    public static final String REFRESH_TOKEN = "refresh_token";
    public static final String CLIENT_CREDENTIALS = "client_credentials";

    public RegisteredClient {
        Objects.requireNonNull(clientId);
        Objects.requireNonNull(clientName);
        Objects.requireNonNull(authMethod);
        Objects.requireNonNull(secretHash);
        redirectUris = List.copyOf(redirectUris);
        grantTypes = Set.copyOf(grantTypes);
        Objects.requireNonNull(scope);
        Objects.requireNonNull(jwks);
        Objects.requireNonNull(jwksUri);
        Objects.requireNonNull(initiateLoginUri);
        Objects.requireNonNull(createdAt);
        if (authMethod.usesSecret() && secretHash.isEmpty()) {
            throw new IllegalArgumentException(authMethod.value() + " needs a secret");
        }
        if (authMethod == ClientAuthMethod.PRIVATE_KEY_JWT && jwks.isEmpty() == jwksUri.isEmpty()) {
            throw new IllegalArgumentException("private_key_jwt needs exactly one of jwks and jwks_uri");
        }
    }

    /** Whether the redirect URI is one of the registered ones, compared exactly. */
    public boolean hasRedirectUri(String redirectUri) {
        return redirectUris.stream().anyMatch(uri -> uri.toString().equals(redirectUri));
    }

    /** Whether the client may use the grant type. */
    public boolean allowsGrant(String grantType) {
        return grantTypes.contains(grantType);
    }

    /** Whether the client is public (no way to authenticate itself). */
    public boolean isPublic() {
        return authMethod == ClientAuthMethod.NONE;
    }
}
