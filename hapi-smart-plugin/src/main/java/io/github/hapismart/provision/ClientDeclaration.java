package io.github.hapismart.provision;

import io.github.hapismart.client.ClientAuthMethod;
import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A client as declared in configuration: what {@link Provisioner} makes the stored client look like. Checked when
 * built, so that a wrong declaration fails at start with the client's id in the message.
 *
 * @param clientId         the client id
 * @param name             the name shown on the consent page
 * @param authMethod       how it authenticates at the token endpoint
 * @param secret           where its secret comes from; present exactly for the {@code client_secret_*} methods
 * @param redirectUris     its exact redirect URIs
 * @param grantTypes       the grant types it may use
 * @param scope            the largest scope it may receive, space separated
 * @param jwks             its public JWK Set (JSON), for {@code private_key_jwt}
 * @param jwksUri          where it publishes its JWK Set, for {@code private_key_jwt}
 * @param initiateLoginUri its launch URL for EHR launches
 * @param launchApi        whether it may create EHR launch contexts at {@code POST /auth/launch}
 */
public record ClientDeclaration(String clientId, String name, ClientAuthMethod authMethod,
                                Optional<SecretSource> secret, List<URI> redirectUris, Set<String> grantTypes,
                                String scope, Optional<String> jwks, Optional<URI> jwksUri,
                                Optional<URI> initiateLoginUri, boolean launchApi) {

    public ClientDeclaration {
        Objects.requireNonNull(clientId, "clientId");
        if (clientId.isBlank() || clientId.length() > 128) {
            throw new IllegalArgumentException("a client id must have 1 to 128 characters");
        }
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(authMethod, "authMethod");
        Objects.requireNonNull(secret, "secret");
        redirectUris = List.copyOf(redirectUris);
        grantTypes = Set.copyOf(grantTypes);
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(jwks, "jwks");
        Objects.requireNonNull(jwksUri, "jwksUri");
        Objects.requireNonNull(initiateLoginUri, "initiateLoginUri");
        if (authMethod.usesSecret() != secret.isPresent()) {
            throw new IllegalArgumentException("client " + clientId + ": " + authMethod.value()
                    + (authMethod.usesSecret() ? " needs a secret" : " takes no secret"));
        }
        if (authMethod == ClientAuthMethod.PRIVATE_KEY_JWT && jwks.isPresent() == jwksUri.isPresent()) {
            throw new IllegalArgumentException("client " + clientId + ": private_key_jwt needs exactly one of jwks "
                    + "and jwks-uri");
        }
        if (launchApi && (authMethod == ClientAuthMethod.NONE)) {
            throw new IllegalArgumentException("client " + clientId + ": the launch API needs a confidential client");
        }
    }
}
