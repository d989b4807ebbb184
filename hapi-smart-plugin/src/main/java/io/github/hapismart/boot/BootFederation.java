package io.github.hapismart.boot;

import io.github.hapismart.federate.FederationSettings;
import io.github.hapismart.federate.ProviderDeclarations;
import io.github.hapismart.federate.UpstreamProvider;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code smart.federation.*} turned into the plugin's {@link FederationSettings}, with every error naming its
 * property ({@link InvalidSmartPropertyException}).
 */
final class BootFederation {

    private BootFederation() {
    }

    static FederationSettings settings(SmartProperties.Federation federation) {
        List<UpstreamProvider> providers = new ArrayList<>();
        federation.providers().forEach((id, p) -> {
            String prefix = "smart.federation.providers." + id + ".";
            Map<String, String> fields = new HashMap<>();
            fields.put("name", p.name());
            fields.put("issuer", p.issuer());
            fields.put("client-id", p.clientId());
            fields.put("client-auth", p.clientAuth());
            fields.put("client-secret", p.clientSecret());
            fields.put("private-key-file", p.privateKeyFile() == null ? null : p.privateKeyFile().toString());
            fields.put("scopes", p.scopes().isEmpty() ? null : String.join(" ", p.scopes()));
            fields.put("fhir-user", p.fhirUser());
            fields.put("prompt", p.prompt());
            try {
                providers.add(ProviderDeclarations.provider(id, fields, name -> null));
            } catch (ProviderDeclarations.InvalidDeclaration e) {
                throw new InvalidSmartPropertyException(prefix + e.key(),
                        e.getMessage().substring(e.key().length() + 1));
            } catch (IllegalArgumentException e) {
                throw new InvalidSmartPropertyException(prefix + "id", e.getMessage());
            }
        });
        if (federation.upstreamTimeout().isNegative() || federation.upstreamTimeout().isZero()) {
            throw new InvalidSmartPropertyException("smart.federation.upstream-timeout", "must be positive");
        }
        try {
            return new FederationSettings(providers, federation.passwordLogin(), federation.upstreamTimeout());
        } catch (IllegalArgumentException e) {
            throw new InvalidSmartPropertyException("smart.federation.password-login", e.getMessage());
        }
    }
}
