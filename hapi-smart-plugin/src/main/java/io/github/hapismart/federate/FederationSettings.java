package io.github.hapismart.federate;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The federated-login settings: the upstream providers offered on the login page, whether the password form is
 * offered too, and how long to wait for a provider's discovery, JWKS and token endpoints.
 *
 * @param providers       the upstream providers, in the order shown (default none)
 * @param passwordLogin   whether the built-in user table's password form is shown beside them (default true)
 * @param upstreamTimeout the longest a call to a provider may take before its sign-in fails (default 10 s)
 */
public record FederationSettings(List<UpstreamProvider> providers, boolean passwordLogin, Duration upstreamTimeout) {

    public FederationSettings {
        providers = List.copyOf(providers);
        Objects.requireNonNull(upstreamTimeout, "upstreamTimeout");
        Set<String> ids = new HashSet<>();
        for (UpstreamProvider provider : providers) {
            if (!ids.add(provider.id())) {
                throw new IllegalArgumentException("identity provider " + provider.id() + " is declared twice");
            }
        }
        if (!passwordLogin && providers.isEmpty()) {
            throw new IllegalArgumentException("password login can be turned off only when an identity provider is"
                    + " declared");
        }
    }

    /** No upstream provider: the password form only. */
    public static FederationSettings none() {
        return new FederationSettings(List.of(), true, Duration.ofSeconds(10));
    }
}
