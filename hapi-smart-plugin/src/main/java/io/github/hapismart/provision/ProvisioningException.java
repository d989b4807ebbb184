package io.github.hapismart.provision;

/**
 * A declaration that cannot be applied: a secret whose variable or file is missing, or a client the repository
 * refuses. The message names the client or user and where its secret was to come from, never the secret.
 */
public final class ProvisioningException extends RuntimeException {

    public ProvisioningException(String message, Throwable cause) {
        super(message, cause);
    }
}
