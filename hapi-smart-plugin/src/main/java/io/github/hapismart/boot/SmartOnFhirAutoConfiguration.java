package io.github.hapismart.boot;

import ca.uhn.fhir.batch2.api.IJobCoordinator;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.searchparam.matcher.InMemoryResourceMatcher;
import ca.uhn.fhir.jpa.searchparam.matcher.IndexedSearchParamExtractor;
import ca.uhn.fhir.rest.server.RestfulServer;
import ca.uhn.fhir.rest.server.interceptor.auth.IAuthorizationSearchParamMatcher;
import io.github.hapismart.SmartAuthorizationServer;
import io.github.hapismart.authorize.PatientDirectory;
import io.github.hapismart.config.SmartSettings;
import io.github.hapismart.enforce.ExportJobOwners;
import io.github.hapismart.enforce.UserAccessPolicy;
import io.github.hapismart.hapi.Batch2ExportJobOwners;
import io.github.hapismart.hapi.JpaFhirUserResolver;
import io.github.hapismart.hapi.JpaFilterMatcher;
import io.github.hapismart.hapi.JpaPatientDirectory;
import io.github.hapismart.hapi.SmartOnFhirPlugin;
import io.github.hapismart.provision.FhirUserResolver;
import io.github.hapismart.resource.ResourceServer;
import io.github.hapismart.resource.ResourceServerSettings;
import jakarta.servlet.DispatcherType;
import java.util.EnumSet;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.ServletContextInitializer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Installs the SMART on FHIR plugin into a Spring Boot application that has a HAPI {@link RestfulServer} bean (as
 * hapi-fhir-jpaserver-starter has), from {@code smart.*} properties alone: the settings, the authorization server
 * on the application's {@link DataSource}, the interceptors on the {@code RestfulServer}, the {@code /auth} servlets
 * and the CORS filter, and the clients and users declared under {@code smart.provisioning}. On a HAPI JPA server it
 * also wires granular-scope matching, the patient picker and bulk export job owners, so that every feature works
 * without code.
 *
 * <p>Off with {@code smart.enabled=false}. Steps aside when the application defines its own
 * {@link SmartOnFhirPlugin} (for example through {@code @Import(SmartOnFhirSpringConfiguration.class)}); each other
 * bean it defines gives way to one of the application's of the same type.
 */
// After Boot's DataSource: the plugin keeps its tables in the application's database, usually Boot's own.
@AutoConfiguration(afterName = "org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration")
@ConditionalOnClass(RestfulServer.class)
@ConditionalOnBean({RestfulServer.class, DataSource.class})
@ConditionalOnMissingBean(SmartOnFhirPlugin.class)
@ConditionalOnProperty(prefix = "smart", name = "enabled", havingValue = "true", matchIfMissing = true)
@EnableConfigurationProperties(SmartProperties.class)
public class SmartOnFhirAutoConfiguration {

    @Bean
    public ValidatedSmartProperties smartValidatedProperties(SmartProperties properties) {
        return ValidatedSmartProperties.of(properties);
    }

    @Bean
    @ConditionalOnMissingBean
    public SmartSettings smartSettings(ValidatedSmartProperties properties) {
        return properties.settings();
    }

    @Bean
    @ConditionalOnMissingBean
    public SmartAuthorizationServer smartAuthorizationServer(SmartSettings settings, DataSource dataSource,
                                                             ObjectProvider<PatientDirectory> patients,
                                                             SmartProperties properties,
                                                             ObjectProvider<FhirUserResolver> fhirUsers) {
        return SmartAuthorizationServer.builder(settings, dataSource)
                .patientDirectory(patients.getIfAvailable(PatientDirectory::none))
                .federation(BootFederation.settings(properties.federation()))
                .fhirUserResolver(fhirUsers.getIfAvailable(FhirUserResolver::literalOnly)).build();
    }

    /**
     * The plugin as its own authorization server, or, with {@code smart.resource-server.issuer} set, in
     * resource-server mode: the FHIR API then accepts that server's tokens, and no {@code /auth} servlet is mapped.
     */
    @Bean
    public SmartOnFhirPlugin smartOnFhirPlugin(RestfulServer fhirServer, SmartAuthorizationServer server,
                                               SmartProperties properties,
                                               ObjectProvider<IAuthorizationSearchParamMatcher> filterMatcher,
                                               ObjectProvider<UserAccessPolicy> userAccessPolicy,
                                               ObjectProvider<ExportJobOwners> exportJobOwners) {
        UserAccessPolicy policy = userAccessPolicy.getIfAvailable(() -> UserAccessPolicy.SERVER_WIDE);
        Optional<ResourceServerSettings> external = ResourceServerProperties.of(properties.resourceServer(),
                System::getenv);
        if (external.isPresent()) {
            String fhirBase = server.settings().fhirBaseUrl();
            return SmartOnFhirPlugin.installResourceServer(fhirServer, server.settings(),
                    ResourceServer.create(external.get(), fhirBase), filterMatcher.getIfAvailable(), policy,
                    exportJobOwners.getIfAvailable());
        }
        return SmartOnFhirPlugin.install(fhirServer, server, filterMatcher.getIfAvailable(), policy,
                exportJobOwners.getIfAvailable());
    }

    @Bean
    public SmartProvisioning smartProvisioning(SmartAuthorizationServer server, ValidatedSmartProperties properties,
                                               ObjectProvider<FhirUserResolver> fhirUsers) {
        return new SmartProvisioning(server, properties,
                fhirUsers.getIfAvailable(FhirUserResolver::literalOnly));
    }

    /**
     * Maps the {@code /auth} servlets and (unless {@code smart.cors-filter=false}) the CORS filter into the
     * embedded container, relative to its context path.
     */
    @Bean
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    public ServletContextInitializer smartServlets(SmartOnFhirPlugin plugin, SmartProperties properties) {
        return context -> {
            String contextPath = context.getContextPath();
            plugin.servlets().forEach((path, servlet) -> {
                String mapping = !contextPath.isEmpty() && path.startsWith(contextPath + "/")
                        ? path.substring(contextPath.length()) : path;
                context.addServlet("smart" + mapping.replace('/', '-'), servlet).addMapping(mapping);
            });
            if (properties.corsFilter()) {
                context.addFilter("smartCors", plugin.corsFilter())
                        .addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false, "/*");
            }
        };
    }

    /** HAPI JPA's search parameter matcher for granular ({@code ?category=}) scopes. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "ca.uhn.fhir.jpa.searchparam.matcher.InMemoryResourceMatcher")
    static class JpaFilterMatching {
        @Bean
        @ConditionalOnBean({InMemoryResourceMatcher.class, IndexedSearchParamExtractor.class})
        @ConditionalOnMissingBean
        IAuthorizationSearchParamMatcher smartFilterMatcher(InMemoryResourceMatcher matcher,
                                                           IndexedSearchParamExtractor extractor) {
            return JpaFilterMatcher.of(matcher, extractor);
        }
    }

    /** The patient picker and fhirUser searches on HAPI JPA's DAOs. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = {"ca.uhn.fhir.jpa.api.dao.DaoRegistry",
            "ca.uhn.fhir.jpa.searchparam.SearchParameterMap"})
    static class JpaDirectories {
        @Bean
        @ConditionalOnBean(DaoRegistry.class)
        @ConditionalOnMissingBean
        PatientDirectory smartPatientDirectory(DaoRegistry daos) {
            return new JpaPatientDirectory(daos);
        }

        @Bean
        @ConditionalOnBean(DaoRegistry.class)
        @ConditionalOnMissingBean
        FhirUserResolver smartFhirUserResolver(DaoRegistry daos) {
            return new JpaFhirUserResolver(daos);
        }
    }

    /** Bulk export jobs bound to the token that started them, read from HAPI's batch2 job parameters. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "ca.uhn.fhir.batch2.api.IJobCoordinator")
    static class Batch2ExportOwnership {
        @Bean
        @ConditionalOnBean(IJobCoordinator.class)
        @ConditionalOnMissingBean
        ExportJobOwners smartExportJobOwners(IJobCoordinator jobs) {
            return Batch2ExportJobOwners.of(jobs);
        }
    }
}
