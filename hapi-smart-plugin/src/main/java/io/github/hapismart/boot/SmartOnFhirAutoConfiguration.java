package io.github.hapismart.boot;

import ca.uhn.fhir.batch2.api.IJobCoordinator;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.dao.tx.IHapiTransactionService;
import ca.uhn.fhir.jpa.searchparam.matcher.InMemoryResourceMatcher;
import ca.uhn.fhir.jpa.searchparam.matcher.IndexedSearchParamExtractor;
import ca.uhn.fhir.rest.server.RestfulServer;
import ca.uhn.fhir.rest.server.interceptor.auth.IAuthorizationSearchParamMatcher;
import io.github.hapismart.SmartAuthorizationServer;
import io.github.hapismart.audit.AuditStore;
import io.github.hapismart.hapi.JpaAuditStore;
import io.github.hapismart.authorize.PatientDirectory;
import io.github.hapismart.config.SmartSettings;
import io.github.hapismart.enforce.ExportJobOwners;
import io.github.hapismart.federate.FederationSettings;
import io.github.hapismart.hapi.Batch2ExportJobOwners;
import io.github.hapismart.hapi.JpaFhirUserResolver;
import io.github.hapismart.hapi.JpaFilterMatcher;
import io.github.hapismart.hapi.JpaPatientDirectory;
import io.github.hapismart.hapi.SmartOnFhirInstallation;
import io.github.hapismart.hapi.SmartOnFhirPlugin;
import io.github.hapismart.provision.FhirUserResolver;
import io.github.hapismart.resource.ResourceServer;
import jakarta.servlet.DispatcherType;
import java.util.EnumSet;
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
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Installs the SMART on FHIR plugin into a Spring Boot application that has a HAPI {@link RestfulServer} bean (as
 * hapi-fhir-jpaserver-starter has), from {@code smart.*} properties alone: the settings, the authorization server
 * on the application's {@link DataSource}, the interceptors on the {@code RestfulServer}, the {@code /auth} servlets
 * and the CORS filter, and the clients and users declared under {@code smart.provisioning}. On a HAPI JPA server it
 * also wires granular-scope matching, the patient picker, bulk export job owners and the audit trail (stored as
 * AuditEvents in the FHIR server; {@code smart.audit.*}), so that every feature works
 * without code.
 *
 * <p>Off with {@code smart.enabled=false}. Steps aside when the application defines its own
 * {@link SmartOnFhirPlugin} (for example through {@code @Import(SmartOnFhirSpringConfiguration.class)}). The authorization server and the installed plugin are
 * the beans of {@link SmartOnFhirInstallation}, the same definition the manual configuration imports; each bean
 * defined here (the settings, the JPA adapters) gives way to one of the application's of the same type.
 */
// After Boot's DataSource: the plugin keeps its tables in the application's database, usually Boot's own.
@AutoConfiguration(afterName = "org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration")
@ConditionalOnClass(RestfulServer.class)
@ConditionalOnBean({RestfulServer.class, DataSource.class})
@ConditionalOnMissingBean(SmartOnFhirPlugin.class)
@ConditionalOnProperty(prefix = "smart", name = "enabled", havingValue = "true", matchIfMissing = true)
@EnableConfigurationProperties({SmartProperties.class, SmartAuditProperties.class})
// The authorization server and the installed plugin: one definition, shared with SmartOnFhirSpringConfiguration.
@Import(SmartOnFhirInstallation.class)
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

    /** Federated login from {@code smart.federation.*}, for the authorization server of {@link SmartOnFhirInstallation}. */
    @Bean
    @ConditionalOnMissingBean
    public FederationSettings smartFederation(SmartProperties properties) {
        return BootFederation.settings(properties.federation());
    }

    /** What the audit trail records ({@code smart.audit.*}); the trail itself needs an {@code AuditStore} bean. */
    @Bean
    @ConditionalOnMissingBean
    public io.github.hapismart.audit.AuditSettings smartAuditSettings(SmartAuditProperties audit) {
        return audit.settings();
    }

    /**
     * The external authorization server whose tokens the FHIR API accepts, when {@code smart.resource-server.issuer}
     * is set: {@link SmartOnFhirInstallation} then installs the plugin in resource-server mode (no {@code /auth}
     * servlet is mapped).
     */
    @Bean
    @Conditional(ResourceServerMode.class)
    public ResourceServer smartResourceServer(SmartProperties properties, SmartSettings settings) {
        return ResourceServer.create(ResourceServerProperties.of(properties.resourceServer(), System::getenv)
                .orElseThrow(), settings.fhirBaseUrl());
    }

    /** Resource-server mode: {@code smart.resource-server.issuer} is set to something other than blanks. */
    static final class ResourceServerMode implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            String issuer = context.getEnvironment().getProperty("smart.resource-server.issuer");
            return issuer != null && !issuer.isBlank();
        }
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

        /** The audit trail in the FHIR server itself (docs/audit.md). */
        @Bean
        @ConditionalOnBean(DaoRegistry.class)
        @ConditionalOnMissingBean
        AuditStore smartAuditStore(DaoRegistry daos, ObjectProvider<IHapiTransactionService> transactions) {
            // Batches of events in one transaction when HAPI's transaction service is there (docs/audit.md).
            IHapiTransactionService service = transactions.getIfAvailable();
            return service == null ? new JpaAuditStore(daos) : new JpaAuditStore(daos, service);
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
