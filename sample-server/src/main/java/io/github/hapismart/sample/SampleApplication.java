package io.github.hapismart.sample;

import ca.uhn.fhir.batch2.api.IJobCoordinator;
import ca.uhn.fhir.batch2.api.IJobMaintenanceService;
import ca.uhn.fhir.batch2.jobs.export.BulkDataExportProvider;
import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.IValidationSupport;
import ca.uhn.fhir.jpa.api.config.JpaStorageSettings;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.jpa.api.dao.IFhirSystemDao;
import ca.uhn.fhir.jpa.dao.tx.IHapiTransactionService;
import ca.uhn.fhir.jpa.graphql.GraphQLProvider;
import ca.uhn.fhir.jpa.provider.JpaCapabilityStatementProvider;
import ca.uhn.fhir.jpa.provider.JpaSystemProvider;
import ca.uhn.fhir.jpa.search.DatabaseBackedPagingProvider;
import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.rest.server.HardcodedServerAddressStrategy;
import ca.uhn.fhir.rest.server.RestfulServer;
import ca.uhn.fhir.rest.server.provider.ResourceProviderFactory;
import ca.uhn.fhir.rest.server.util.ISearchParamRegistry;
import io.github.hapismart.SmartAuthorizationServer;
import io.github.hapismart.config.RegistrationMode;
import io.github.hapismart.config.SmartSettings;
import io.github.hapismart.federate.FederatedLogin;
import io.github.hapismart.federate.FederationSettings;
import io.github.hapismart.federate.ProviderDeclarations;
import io.github.hapismart.config.UserAccessBrand;
import io.github.hapismart.hapi.Batch2ExportJobOwners;
import io.github.hapismart.audit.AuditSettings;
import io.github.hapismart.hapi.JpaAuditStore;
import io.github.hapismart.hapi.JpaFhirUserResolver;
import io.github.hapismart.hapi.JpaFilterMatcher;
import io.github.hapismart.hapi.JpaPatientDirectory;
import io.github.hapismart.hapi.SmartOnFhirPlugin;
import io.github.hapismart.enforce.UserAccessPolicy;
import io.github.hapismart.resource.ResourceServer;
import io.github.hapismart.resource.ResourceServerSettings;
import io.github.hapismart.store.SchemaLock;
import io.github.hapismart.web.FaultBarrier;
import io.github.hapismart.provision.Provisioner;
import ca.uhn.fhir.jpa.searchparam.matcher.InMemoryResourceMatcher;
import ca.uhn.fhir.jpa.searchparam.matcher.IndexedSearchParamExtractor;
import io.github.hapismart.sample.demo.DemoDataGenerator;
import io.github.hapismart.sample.demo.DemoDataLoader;
import jakarta.servlet.DispatcherType;
import java.util.EnumSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Patient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationContext;

/**
 * Wires the sample server: the HAPI JPA {@link RestfulServer} at {@code /fhir/*} with the SMART plugin installed,
 * the plugin's {@code /auth} endpoints, the demo data, demo users and declared clients.
 */
public final class SampleApplication {

    private static final Logger LOG = LoggerFactory.getLogger(SampleApplication.class);
    private static final long DEMO_SEED = 20261128L;

    private final SampleServerOptions options;
    private final ApplicationContext spring;
    private final String rootUrl;
    private SmartOnFhirPlugin plugin;
    private ScheduledExecutorService maintenanceTimer;

    SampleApplication(SampleServerOptions options, ApplicationContext spring, String rootUrl) {
        this.options = options;
        this.spring = spring;
        this.rootUrl = rootUrl;
    }

    /** The demo organization as a SMART 2.2 User-Access Brand, its portal being the grant management page. */
    private UserAccessBrand demoBrand() {
        String logo = "data:image/svg+xml;base64," + java.util.Base64.getEncoder().encodeToString(("<svg xmlns="
                + "'http://www.w3.org/2000/svg' viewBox='0 0 64 64'><rect width='64' height='64' rx='12' "
                + "fill='#1d6fa5'/><path d='M26 14h12v12h12v12H38v12H26V38H14V26h12z' fill='#fff'/></svg>")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return new UserAccessBrand("Sample Health (demo)", java.net.URI.create(rootUrl + "/"),
                java.util.Optional.of(java.net.URI.create(logo)), java.util.Optional.empty(),
                java.util.List.of("Sample Health demo clinic"), java.util.List.of(), java.util.List.of("prov"),
                java.util.List.of(new UserAccessBrand.Address(java.util.Optional.of("Boston"),
                        java.util.Optional.of("MA"), java.util.Optional.empty(), java.util.Optional.of("US"))),
                java.util.Optional.of("Sample Health patient access"),
                java.util.Optional.of(java.net.URI.create(rootUrl + "/auth/manage")),
                java.util.Optional.of("Synthetic demo patients of the sample server sign in here to see and revoke "
                        + "the apps they connected."),
                java.util.Optional.empty(), java.util.Optional.empty());
    }

    void configure(ServletContextHandler context) {
        // The start-up lock (FhirJpaConfig) is held until everything a first start writes is written.
        try (SchemaLock startupLock = spring.getBean(SchemaLock.class)) {
            configureHoldingStartupLock(context);
        }
    }

    private void configureHoldingStartupLock(ServletContextHandler context) {
        loadDemoData();
        RestfulServer fhirServer = newFhirServer(rootUrl + "/fhir");
        SmartSettings settings = SmartSettings.builder(rootUrl + "/fhir")
                .registrationMode(RegistrationMode.OPEN)
                .keyEncryptionKeyFile(options.keyEncryptionKey())
                .launchApiClients(java.util.Set.of(SampleClients.DEMO_EHR_CLIENT_ID))
                .userAccessBrand(demoBrand())
                .appState(io.github.hapismart.config.AppStateSettings.on())
                .build();
        if (options.resourceServer().isPresent()) {
            configureResourceServer(context, fhirServer, settings, options.resourceServer().get());
            return;
        }
        JpaPatientDirectory patientDirectory = new JpaPatientDirectory(spring.getBean(DaoRegistry.class));
        SmartAuthorizationServer authorizationServer =
                SmartAuthorizationServer.builder(settings, spring.getBean(DataSource.class))
                        .patientDirectory(patientDirectory)
                        .federation(identityProviders())
                        .fhirUserResolver(new JpaFhirUserResolver(spring.getBean(DaoRegistry.class)))
                        // The audit trail lives in the FHIR server itself (docs/audit.md); patient-data access
                        // auditing is off unless the audit-patient-data-access option says true.
                        .audit(new JpaAuditStore(spring.getBean(DaoRegistry.class),
                                        spring.getBean(IHapiTransactionService.class)),
                                AuditSettings.DEFAULTS.withPatientDataAccess(options.auditPatientDataAccess()))
                        .build();
        plugin = SmartOnFhirPlugin.install(fhirServer, authorizationServer,
                JpaFilterMatcher.of(spring.getBean(InMemoryResourceMatcher.class),
                        spring.getBean(IndexedSearchParamExtractor.class)), UserAccessPolicy.SERVER_WIDE,
                Batch2ExportJobOwners.of(spring.getBean(IJobCoordinator.class)));

        context.addFilter(new FilterHolder(plugin.corsFilter()), "/*", EnumSet.of(DispatcherType.REQUEST));
        context.addFilter(new FilterHolder(new DeferredFlushFilter()), "/fhir/*", EnumSet.of(DispatcherType.REQUEST));
        ServletHolder fhirHolder = new ServletHolder("fhir", fhirServer);
        fhirHolder.setInitOrder(1);
        context.addServlet(fhirHolder, "/fhir/*");
        plugin.servlets().forEach((path, servlet) -> context.addServlet(new ServletHolder(servlet), path));
        context.addServlet(new ServletHolder("demo-app", new StaticFilesServlet()), "/demo-app/*");
        // Behind the plugin's fault barrier, like the /auth pages: a request it cannot read gets the page with a 400.
        context.addServlet(new ServletHolder("ehr", FaultBarrier.wrap(new EhrSimulatorServlet(authorizationServer,
                patientDirectory, rootUrl + "/ehr/smart-style.json"))), "/ehr");
        context.addServlet(new ServletHolder("ehr-style", new StaticFilesServlet()), "/ehr/smart-style.json");
        if (options.benchmarkBaseline()) {
            addBenchmarkBaseline(context);
        }

        declareClientsAndUsers(authorizationServer);
    }

    /**
     * Resource-server mode: the FHIR API accepts the external server's access tokens under the same enforcement; no
     * {@code /auth} endpoints, EHR simulator, demo users or declared clients (the external server has its own).
     */
    private void configureResourceServer(ServletContextHandler context, RestfulServer fhirServer,
                                         SmartSettings settings, ResourceServerSettings external) {
        LOG.info("Resource-server mode: accepting the access tokens of {}", external.issuer());
        plugin = SmartOnFhirPlugin.installResourceServer(fhirServer, settings,
                ResourceServer.create(external, settings.fhirBaseUrl()),
                JpaFilterMatcher.of(spring.getBean(InMemoryResourceMatcher.class),
                        spring.getBean(IndexedSearchParamExtractor.class)), UserAccessPolicy.SERVER_WIDE,
                Batch2ExportJobOwners.of(spring.getBean(IJobCoordinator.class)),
                // The same audit trail as with our own tokens: refusals always, patient-data access by the option.
                new JpaAuditStore(spring.getBean(DaoRegistry.class), spring.getBean(IHapiTransactionService.class)),
                AuditSettings.DEFAULTS.withPatientDataAccess(options.auditPatientDataAccess()));
        context.addFilter(new FilterHolder(plugin.corsFilter()), "/*", EnumSet.of(DispatcherType.REQUEST));
        context.addFilter(new FilterHolder(new DeferredFlushFilter()), "/fhir/*", EnumSet.of(DispatcherType.REQUEST));
        ServletHolder fhirHolder = new ServletHolder("fhir", fhirServer);
        fhirHolder.setInitOrder(1);
        context.addServlet(fhirHolder, "/fhir/*");
        if (options.benchmarkBaseline()) {
            addBenchmarkBaseline(context);
        }
    }

    /** The upstream identity providers of the {@code identity-providers} file; none without it. */
    private FederationSettings identityProviders() {
        if (options.identityProviders().isEmpty()) {
            return FederationSettings.none();
        }
        java.util.Properties properties = new java.util.Properties();
        try (java.io.Reader reader = java.nio.file.Files.newBufferedReader(options.identityProviders().get())) {
            properties.load(reader);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("Cannot read identity-providers file "
                    + options.identityProviders().get(), e);
        }
        FederationSettings federation = ProviderDeclarations.fromProperties(properties, System::getenv);
        federation.providers().forEach(p -> LOG.info("Sign-in offered with {} ({}), callback {}/auth/{}",
                p.displayName(), p.issuer(), rootUrl, FederatedLogin.CALLBACK_PATH));
        return federation;
    }

    void afterStart() {
        // HAPI runs batch-job maintenance once a minute; a sample server should finish a small export in seconds.
        IJobMaintenanceService maintenance = spring.getBean(IJobMaintenanceService.class);
        maintenanceTimer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "batch2-maintenance-trigger");
            thread.setDaemon(true);
            return thread;
        });
        maintenanceTimer.scheduleWithFixedDelay(() -> {
            try {
                maintenance.triggerMaintenancePass();
            } catch (RuntimeException e) {
                LOG.debug("Batch maintenance pass failed", e);
            }
        }, 2, 2, TimeUnit.SECONDS);
    }

    void stop() {
        if (maintenanceTimer != null) {
            maintenanceTimer.shutdownNow();
        }
        if (plugin != null) {
            plugin.close(); // writes the queued audit events while the database is still open
        }
    }

    /** The installed plugin, for tests and tools. */
    public SmartOnFhirPlugin plugin() {
        return plugin;
    }

    /** How many Patients the database holds, counted directly (no token needed). */
    public int patientCount() {
        return spring.getBean(DaoRegistry.class).getResourceDao("Patient")
                .search(ca.uhn.fhir.jpa.searchparam.SearchParameterMap.newSynchronous(),
                        new ca.uhn.fhir.rest.api.server.SystemRequestDetails())
                .getAllResources().size();
    }

    /** The Spring context of the JPA server, for tests and tools. */
    public ApplicationContext spring() {
        return spring;
    }

    private void loadDemoData() {
        if (!options.loadDemoData()) {
            return;
        }
        @SuppressWarnings("unchecked")
        IFhirSystemDao<Bundle, ?> systemDao = spring.getBean(IFhirSystemDao.class);
        @SuppressWarnings("unchecked")
        IFhirResourceDao<Patient> patientDao = spring.getBean(DaoRegistry.class).getResourceDao(Patient.class);
        boolean loaded = new DemoDataLoader(spring.getBean(FhirContext.class), new DemoDataGenerator(DEMO_SEED))
                .loadIfAbsent(systemDao, patientDao);
        LOG.info(loaded ? "Loaded the synthetic demo data" : "Demo data already present; not loaded again");
    }

    private void declareClientsAndUsers(SmartAuthorizationServer server) {
        // The built-in clients, those of the configuration file and the demo users go through the same provisioning
        // as smart.provisioning in a Spring Boot application: created if absent, updated if changed, else untouched.
        String scope = server.settings().defaultClientScope();
        java.util.List<io.github.hapismart.provision.ClientDeclaration> clients =
                new java.util.ArrayList<>(SampleClients.demoClients(rootUrl, scope));
        options.configFile().ifPresent(file -> clients.addAll(SampleClients.fromFile(file, scope)));
        new Provisioner(server.clients(), server.users(), server.passwordEncoder(), server.clock(), System::getenv,
                new JpaFhirUserResolver(spring.getBean(DaoRegistry.class)))
                .apply(clients, options.loadDemoData() ? DemoUsers.declarations() : java.util.List.of());
    }

    /**
     * The same FHIR API on the same DAOs and data, without the plugin's interceptors, for measuring what enforcement
     * costs side by side in one JVM. Loopback clients only: it answers anything else with 403.
     */
    private void addBenchmarkBaseline(ServletContextHandler context) {
        LOG.warn("BENCHMARK BASELINE ON: {}/fhir-baseline serves the FHIR API WITHOUT authorization to loopback clients",
                rootUrl);
        ServletHolder baseline = new ServletHolder("fhir-baseline", newFhirServer(rootUrl + "/fhir-baseline"));
        baseline.setInitOrder(1);
        context.addServlet(baseline, "/fhir-baseline/*");
        context.addFilter(new FilterHolder(new LoopbackOnlyFilter()), "/fhir-baseline/*",
                EnumSet.of(DispatcherType.REQUEST));
        context.addFilter(new FilterHolder(new DeferredFlushFilter()), "/fhir-baseline/*",
                EnumSet.of(DispatcherType.REQUEST));
        new RequestCostMeter().installOn(context);
    }

    private RestfulServer newFhirServer(String baseUrl) {
        FhirContext fhirContext = spring.getBean(FhirContext.class);
        RestfulServer server = new RestfulServer(fhirContext);
        server.setServerAddressStrategy(new HardcodedServerAddressStrategy(baseUrl));
        server.setDefaultResponseEncoding(EncodingEnum.JSON);
        server.registerProviders(spring.getBean(ResourceProviderFactory.class).createProviders());
        server.registerProvider(spring.getBean(JpaSystemProvider.class));
        server.registerProvider(spring.getBean(GraphQLProvider.class));
        server.registerProvider(spring.getBean(BulkDataExportProvider.class));
        server.setPagingProvider(spring.getBean(DatabaseBackedPagingProvider.class));
        IFhirSystemDao<?, ?> systemDao = spring.getBean(IFhirSystemDao.class);
        JpaCapabilityStatementProvider capabilities = new JpaCapabilityStatementProvider(server, systemDao,
                spring.getBean(JpaStorageSettings.class), spring.getBean(ISearchParamRegistry.class),
                spring.getBean(IValidationSupport.class));
        capabilities.setImplementationDescription("HAPI FHIR JPA sample server with SMART on FHIR");
        server.setServerConformanceProvider(capabilities);
        return server;
    }
}
