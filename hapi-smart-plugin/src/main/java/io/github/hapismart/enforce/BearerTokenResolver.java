package io.github.hapismart.enforce;

import io.github.hapismart.scope.AccessGrant;
import java.util.Optional;

/**
 * The seam of the bearer check: what turns a bearer token into the request's {@link AccessGrant}. The plugin's own
 * tokens are verified by {@code token.AccessTokenService}; in resource-server mode an external server's tokens by
 * {@code resource.ExternalTokenResolver}. Whatever the source, the grant then meets the same rules.
 */
@FunctionalInterface
public interface BearerTokenResolver {

    /** The grant of a valid token; empty for an invalid, expired, revoked or foreign one (answered 401). */
    Optional<AccessGrant> resolve(String token);

    /**
     * The grant, or why the token was refused in words fit for {@code error_description} (which check failed, never
     * a key or a secret); by default the generic reason.
     */
    default Resolution check(String token) {
        Optional<AccessGrant> grant = resolve(token);
        return new Resolution(grant, grant.isPresent() ? "" : "The access token is invalid, expired or revoked");
    }

    /** A resolved grant, or the reason there is none. */
    record Resolution(Optional<AccessGrant> grant, String problem) {
    }
}
