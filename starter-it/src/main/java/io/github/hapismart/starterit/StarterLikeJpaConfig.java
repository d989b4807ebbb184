package io.github.hapismart.starterit;

import ca.uhn.fhir.batch2.jobs.export.BulkDataExportProvider;
import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.IValidationSupport;
import ca.uhn.fhir.jpa.api.config.JpaStorageSettings;
import ca.uhn.fhir.jpa.api.dao.IFhirSystemDao;
import ca.uhn.fhir.jpa.config.util.HapiEntityManagerFactoryUtil;
import ca.uhn.fhir.jpa.model.config.PartitionSettings;
import ca.uhn.fhir.jpa.model.config.SubscriptionSettings;
import ca.uhn.fhir.jpa.model.dialect.HapiFhirH2Dialect;
import ca.uhn.fhir.jpa.provider.JpaCapabilityStatementProvider;
import ca.uhn.fhir.jpa.provider.JpaSystemProvider;
import ca.uhn.fhir.jpa.search.DatabaseBackedPagingProvider;
import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.rest.openapi.OpenApiInterceptor;
import ca.uhn.fhir.rest.server.RestfulServer;
import ca.uhn.fhir.rest.server.interceptor.CorsInterceptor;
import ca.uhn.fhir.rest.server.provider.ResourceProviderFactory;
import ca.uhn.fhir.rest.server.util.ISearchParamRegistry;
import jakarta.persistence.EntityManagerFactory;
import java.util.List;
import java.util.Properties;
import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpHeaders;
import org.springframework.orm.jpa.JpaTransactionManager;
import org.springframework.orm.jpa.LocalContainerEntityManagerFactoryBean;
import org.springframework.web.cors.CorsConfiguration;

/**
 * The JPA half of the starter's {@code StarterJpaConfig}, reduced to what an R4 server with bulk export needs: the
 * storage settings, the entity manager on Boot's {@code DataSource}, and the {@code RestfulServer} bean with the
 * JPA providers, registering {@link BulkDataExportProvider} when {@code hapi.fhir.bulk_export_enabled} is true and
 * HAPI's {@link CorsInterceptor} when {@code hapi.fhir.cors} is set and its {@link OpenApiInterceptor} (Swagger UI) when
 * {@code hapi.fhir.openapi_enabled} is true, as the starter does.
 */
@Configuration(proxyBeanMethods = false)
public class StarterLikeJpaConfig {

    @Bean
    public JpaStorageSettings jpaStorageSettings(
            @Value("${hapi.fhir.bulk_export_enabled:false}") boolean bulkExportEnabled) {
        JpaStorageSettings settings = new JpaStorageSettings();
        settings.setAllowMultipleDelete(true);
        settings.setEnableTaskBulkExportJobExecution(bulkExportEnabled);
        settings.setJobFastTrackingEnabled(true);
        settings.setReuseCachedSearchResultsForMillis(null);
        settings.setIndexMissingFields(JpaStorageSettings.IndexEnabledEnum.DISABLED);
        return settings;
    }

    @Bean
    public PartitionSettings partitionSettings() {
        return new PartitionSettings();
    }

    @Bean
    public SubscriptionSettings subscriptionSettings() {
        return new SubscriptionSettings();
    }

    @Bean
    @Primary
    public LocalContainerEntityManagerFactoryBean entityManagerFactory(ConfigurableListableBeanFactory beanFactory,
                                                                       FhirContext fhirContext,
                                                                       JpaStorageSettings storageSettings,
                                                                       DataSource dataSource) {
        LocalContainerEntityManagerFactoryBean factory =
                HapiEntityManagerFactoryUtil.newEntityManagerFactory(beanFactory, fhirContext, storageSettings);
        factory.setPersistenceUnitName("HAPI_PU");
        factory.setDataSource(dataSource);
        Properties jpa = new Properties();
        jpa.put("hibernate.dialect", HapiFhirH2Dialect.class.getName());
        jpa.put("hibernate.hbm2ddl.auto", "update");
        jpa.put("hibernate.search.enabled", "false");
        jpa.put("hibernate.cache.use_query_cache", "false");
        jpa.put("hibernate.cache.use_second_level_cache", "false");
        factory.setJpaProperties(jpa);
        return factory;
    }

    @Bean
    @Primary
    public JpaTransactionManager transactionManager(EntityManagerFactory entityManagerFactory) {
        return new JpaTransactionManager(entityManagerFactory);
    }

    @Bean
    public RestfulServer restfulServer(FhirContext fhirContext, ResourceProviderFactory resourceProviders,
                                       JpaSystemProvider systemProvider, DatabaseBackedPagingProvider paging,
                                       IFhirSystemDao<?, ?> systemDao, JpaStorageSettings storageSettings,
                                       ISearchParamRegistry searchParams, IValidationSupport validation,
                                       BulkDataExportProvider bulkExport,
                                       @Value("${hapi.fhir.bulk_export_enabled:false}") boolean bulkExportEnabled,
                                       @Value("${hapi.fhir.openapi_enabled:false}") boolean openApiEnabled,
                                       Environment environment) {
        RestfulServer server = new RestfulServer(fhirContext);
        server.setDefaultResponseEncoding(EncodingEnum.JSON);
        server.registerProviders(resourceProviders.createProviders());
        server.registerProvider(systemProvider);
        server.setPagingProvider(paging);
        server.setServerConformanceProvider(new JpaCapabilityStatementProvider(server, systemDao, storageSettings,
                searchParams, validation));
        if (bulkExportEnabled) {
            server.registerProvider(bulkExport);
        }
        if (openApiEnabled) {
            server.registerInterceptor(new OpenApiInterceptor());
        }
        // As the starter's StarterJpaConfig#corsInterceptor: HAPI's CorsInterceptor from hapi.fhir.cors, when set.
        Binder.get(environment).bind("hapi.fhir.cors", Bindable.of(HapiCors.class))
                .map(StarterLikeJpaConfig::corsInterceptor).ifBound(server::registerInterceptor);
        return server;
    }

    /** The starter's {@code hapi.fhir.cors} block (its {@code AppProperties.Cors}, with the same defaults). */
    public record HapiCors(@DefaultValue("true") boolean allow_Credentials,
                           @DefaultValue("*") List<String> allowed_origin) {
    }

    /** The CORS configuration the starter builds from {@code hapi.fhir.cors}, header for header. */
    static CorsInterceptor corsInterceptor(HapiCors cors) {
        CorsConfiguration config = new CorsConfiguration();
        for (String header : List.of(HttpHeaders.ORIGIN, HttpHeaders.ACCEPT, HttpHeaders.CONTENT_TYPE,
                HttpHeaders.AUTHORIZATION, HttpHeaders.CACHE_CONTROL, "x-fhir-starter", "X-Requested-With", "Prefer")) {
            config.addAllowedHeader(header);
        }
        cors.allowed_origin().forEach(config::addAllowedOriginPattern);
        config.addExposedHeader("Location");
        config.addExposedHeader("Content-Location");
        config.setAllowedMethods(List.of("GET", "POST", "PUT", "DELETE", "OPTIONS", "PATCH", "HEAD"));
        config.setAllowCredentials(cors.allow_Credentials());
        return new CorsInterceptor(config);
    }
}
