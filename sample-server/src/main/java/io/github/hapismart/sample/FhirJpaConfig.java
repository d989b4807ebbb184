package io.github.hapismart.sample;

import ca.uhn.fhir.batch2.jobs.config.Batch2JobsConfig;
import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.config.JpaStorageSettings;
import ca.uhn.fhir.jpa.api.config.ThreadPoolFactoryConfig;
import ca.uhn.fhir.jpa.batch2.JpaBatch2Config;
import ca.uhn.fhir.jpa.config.HapiJpaConfig;
import ca.uhn.fhir.jpa.config.r4.JpaR4Config;
import ca.uhn.fhir.jpa.config.util.HapiEntityManagerFactoryUtil;
import ca.uhn.fhir.jpa.model.config.PartitionSettings;
import ca.uhn.fhir.jpa.model.config.SubscriptionSettings;
import ca.uhn.fhir.jpa.model.dialect.HapiFhirH2Dialect;
import ca.uhn.fhir.jpa.model.dialect.HapiFhirPostgresDialect;
import ca.uhn.fhir.jpa.subscription.channel.config.SubscriptionChannelConfig;
import jakarta.persistence.EntityManagerFactory;
import java.util.Properties;
import javax.sql.DataSource;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.github.hapismart.store.SchemaLock;
import java.time.Duration;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.orm.jpa.JpaTransactionManager;
import org.springframework.orm.jpa.LocalContainerEntityManagerFactoryBean;

/**
 * Spring configuration of the HAPI FHIR JPA server (R4) on embedded H2 in file mode, or on PostgreSQL when
 * {@link SampleServerOptions#databaseUrl()} is a {@code jdbc:postgresql:} URL; one HikariCP pool serves HAPI and the
 * plugin. The {@link SampleServerOptions} bean must be registered before this configuration is refreshed.
 */
@Configuration
@Import({
    JpaR4Config.class,
    HapiJpaConfig.class,
    JpaBatch2Config.class,
    Batch2JobsConfig.class,
    SubscriptionChannelConfig.class,
    ThreadPoolFactoryConfig.class
})
public class FhirJpaConfig {

    @Bean
    public JpaStorageSettings storageSettings(SampleServerOptions options) {
        JpaStorageSettings settings = new JpaStorageSettings();
        settings.setAllowMultipleDelete(true);
        settings.setAllowExternalReferences(true);
        settings.setDefaultSearchParamsCanBeOverridden(false);
        settings.setEnableTaskBulkExportJobExecution(true);
        // Let batch jobs (bulk export) move from step to step without waiting for the one-minute maintenance pass.
        settings.setJobFastTrackingEnabled(true);
        settings.setReuseCachedSearchResultsForMillis(options.reuseCachedSearchResultsMillis());
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

    /**
     * The one connection pool of the server. The settings are chosen, not defaulted (docs/deployment.md):
     * <ul>
     * <li>{@code maximumPoolSize} 20, fixed (HikariCP's advice: {@code minimumIdle} equal to the maximum): what the
     * server ran with on commons-dbcp2 and was benchmarked with; HAPI can hold two connections for one request (a
     * search and its paging), so a much smaller pool can starve under load, and on two cores more connections only
     * queue inside the database. Twenty per node fits PostgreSQL's default {@code max_connections} of 100 for up to
     * four nodes.</li>
     * <li>{@code connectionTimeout} 5 s (HikariCP's default is 30 s): while the database is down, a request waiting
     * for a connection fails after 5 s with an error the servlets answer as a 5xx, instead of holding a Jetty thread
     * for half a minute.</li>
     * <li>{@code validationTimeout} 2 s: a connection idle for more than half a second is checked with the JDBC 4
     * {@code isValid} call before it is handed out; a dead one is dropped, not given to a request. It must be below
     * the connection timeout.</li>
     * <li>{@code keepaliveTime} 60 s: idle connections are checked in the background, so connections broken by a
     * database restart are replaced before a request meets them.</li>
     * <li>PostgreSQL driver {@code connectTimeout} 5 s (its default is 10 s), matching the pool's wait; no
     * {@code socketTimeout}, since HAPI's batch jobs (bulk export, reindex) legitimately run long statements.</li>
     * </ul>
     */
    @Bean(destroyMethod = "close")
    public HikariDataSource dataSource(SampleServerOptions options) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("smart-fhir");
        config.setJdbcUrl(options.jdbcUrl());
        options.effectiveDatabaseUsername().ifPresent(config::setUsername);
        config.setPassword(options.databasePassword().orElse(""));
        config.setMaximumPoolSize(20);
        config.setMinimumIdle(20);
        config.setConnectionTimeout(Duration.ofSeconds(5).toMillis());
        config.setValidationTimeout(Duration.ofSeconds(2).toMillis());
        config.setKeepaliveTime(Duration.ofSeconds(60).toMillis());
        if (options.postgres()) {
            config.setDriverClassName("org.postgresql.Driver");
            config.addDataSourceProperty("connectTimeout", "5");
            config.addDataSourceProperty("ApplicationName", "hapi-smart-sample-server");
        } else {
            config.setDriverClassName("org.h2.Driver");
        }
        return new HikariDataSource(config);
    }

    /**
     * Held from before HAPI creates or updates its tables ({@code hbm2ddl.auto=update}) until
     * {@link SampleApplication} has loaded the demo data, migrated the plugin's schema and declared its clients and
     * users, then released by it: nodes starting together on one empty PostgreSQL database do all of that one after
     * the other, so neither races on the catalog nor loads the demo data twice. On H2 it holds nothing.
     */
    @Bean(destroyMethod = "close")
    public SchemaLock startupSchemaLock(DataSource dataSource) {
        return SchemaLock.acquire(dataSource, SchemaLock.HOST_STARTUP);
    }

    @Bean
    @Primary
    public LocalContainerEntityManagerFactoryBean entityManagerFactory(
            ConfigurableListableBeanFactory beanFactory,
            FhirContext fhirContext,
            JpaStorageSettings storageSettings,
            DataSource dataSource,
            SampleServerOptions options,
            SchemaLock startupSchemaLock) {
        LocalContainerEntityManagerFactoryBean factory =
                HapiEntityManagerFactoryUtil.newEntityManagerFactory(beanFactory, fhirContext, storageSettings);
        factory.setPersistenceUnitName("HAPI_PU");
        factory.setDataSource(dataSource);
        Properties jpa = new Properties();
        // startupSchemaLock is a parameter so that it is held before Hibernate touches the schema.
        jpa.put("hibernate.dialect", options.postgres()
                ? HapiFhirPostgresDialect.class.getName() : HapiFhirH2Dialect.class.getName());
        jpa.put("hibernate.hbm2ddl.auto", "update");
        jpa.put("hibernate.search.enabled", "false");
        jpa.put("hibernate.format_sql", "false");
        jpa.put("hibernate.show_sql", "false");
        jpa.put("hibernate.jdbc.batch_size", "20");
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
}
