package io.github.hapismart.boot;

import io.github.hapismart.SmartAuthorizationServer;
import io.github.hapismart.provision.FhirUserResolver;
import io.github.hapismart.provision.Provisioner;
import java.util.Optional;
import org.springframework.beans.factory.SmartInitializingSingleton;

/**
 * Applies the clients and users declared under {@code smart.provisioning} once every bean of the application exists
 * (so that HAPI's DAOs can resolve {@code fhirUser} searches) and before the web server takes requests. Idempotent,
 * and safe on several nodes starting at once on one database (see {@link Provisioner}).
 */
public final class SmartProvisioning implements SmartInitializingSingleton {

    private final SmartAuthorizationServer server;
    private final ValidatedSmartProperties properties;
    private final FhirUserResolver fhirUsers;
    private volatile Provisioner.Result result;

    SmartProvisioning(SmartAuthorizationServer server, ValidatedSmartProperties properties,
                      FhirUserResolver fhirUsers) {
        this.server = server;
        this.properties = properties;
        this.fhirUsers = fhirUsers;
    }

    @Override
    public void afterSingletonsInstantiated() {
        result = new Provisioner(server.clients(), server.users(), server.passwordEncoder(), server.clock(),
                System::getenv, fhirUsers).apply(properties.clients(), properties.users());
    }

    /** What the start-up provisioning did; empty before it ran. */
    public Optional<Provisioner.Result> result() {
        return Optional.ofNullable(result);
    }
}
