package io.github.hapismart.hapi;

import ca.uhn.fhir.rest.server.RestfulServer;
import ca.uhn.fhir.rest.server.interceptor.auth.IAuthorizationSearchParamMatcher;
import io.github.hapismart.SmartAuthorizationServer;
import io.github.hapismart.audit.AuditSettings;
import io.github.hapismart.audit.AuditStore;
import io.github.hapismart.authorize.PatientDirectory;
import io.github.hapismart.config.SmartSettings;
import io.github.hapismart.enforce.ExportJobOwners;
import io.github.hapismart.enforce.UserAccessPolicy;
import io.github.hapismart.federate.FederationSettings;
import io.github.hapismart.provision.FhirUserResolver;
import io.github.hapismart.resource.ResourceServer;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The one definition of the plugin's two central beans, shared by every Spring route into a server: the authorization
 * server on the application's {@link DataSource}, and the plugin installed into the application's
 * {@link RestfulServer}. {@link SmartOnFhirSpringConfiguration} (Spring without Boot) and the Boot auto-configuration
 * both import it and differ only in where the {@link SmartSettings} bean comes from.
 *
 * <p>Optional beans it uses when the application has them: a {@link PatientDirectory} (the patient picker), an
 * {@link IAuthorizationSearchParamMatcher} (granular scopes; without it they grant nothing), a
 * {@link UserAccessPolicy} (default server-wide) and an {@link ExportJobOwners} (without it bulk export status polls
 * are refused).
 */
@Configuration(proxyBeanMethods = false)
public class SmartOnFhirInstallation {

    /**
     * The authorization server on the application's {@code DataSource}, with the application's patient directory,
     * federated-login settings and fhirUser resolver where it has them (the Boot auto-configuration makes the latter
     * two from {@code smart.federation.*} and HAPI JPA).
     */
    @Bean
    public SmartAuthorizationServer smartAuthorizationServer(SmartSettings settings, DataSource dataSource,
                                                             ObjectProvider<PatientDirectory> patients,
                                                             ObjectProvider<FederationSettings> federation,
                                                             ObjectProvider<FhirUserResolver> fhirUsers,
                                                             ObjectProvider<AuditStore> auditStore,
                                                             ObjectProvider<AuditSettings> auditSettings) {
        SmartAuthorizationServer.Builder builder = SmartAuthorizationServer.builder(settings, dataSource)
                .patientDirectory(patients.getIfAvailable(PatientDirectory::none));
        federation.ifAvailable(builder::federation);
        fhirUsers.ifAvailable(builder::fhirUserResolver);
        // With an audit store (on HAPI JPA: JpaAuditStore) the trail is recorded; close(), inferred by Spring at
        // shutdown, writes the events still queued.
        auditStore.ifAvailable(store -> builder.audit(store, auditSettings.getIfAvailable(() -> AuditSettings.DEFAULTS)));
        return builder.build();
    }

    /**
     * The plugin as its own authorization server or, where the application has a {@link ResourceServer} bean (the
     * Boot auto-configuration makes one from {@code smart.resource-server.*}), in resource-server mode: the FHIR API
     * then accepts that external server's tokens.
     */
    @Bean
    public SmartOnFhirPlugin smartOnFhirPlugin(RestfulServer fhirServer, SmartAuthorizationServer server,
                                               ObjectProvider<ResourceServer> resourceServer,
                                               ObjectProvider<IAuthorizationSearchParamMatcher> filterMatcher,
                                               ObjectProvider<UserAccessPolicy> userAccessPolicy,
                                               ObjectProvider<ExportJobOwners> exportJobOwners,
                                               ObjectProvider<AuditStore> auditStore,
                                               ObjectProvider<AuditSettings> auditSettings) {
        UserAccessPolicy policy = userAccessPolicy.getIfAvailable(() -> UserAccessPolicy.SERVER_WIDE);
        ResourceServer external = resourceServer.getIfAvailable();
        if (external != null) {
            // The FHIR events of external tokens go to the same audit store (smart.audit.*); the plugin's close(),
            // inferred by Spring at shutdown, writes those still queued.
            return SmartOnFhirPlugin.installResourceServer(fhirServer, server.settings(), external,
                    filterMatcher.getIfAvailable(), policy, exportJobOwners.getIfAvailable(),
                    auditStore.getIfAvailable(), auditSettings.getIfAvailable(() -> AuditSettings.DEFAULTS));
        }
        return SmartOnFhirPlugin.install(fhirServer, server, filterMatcher.getIfAvailable(), policy,
                exportJobOwners.getIfAvailable());
    }
}
