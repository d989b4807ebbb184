package io.github.hapismart.hapi;

import ca.uhn.fhir.rest.server.RestfulServer;
import ca.uhn.fhir.rest.server.interceptor.auth.IAuthorizationSearchParamMatcher;
import io.github.hapismart.SmartAuthorizationServer;
import io.github.hapismart.audit.AuditSettings;
import io.github.hapismart.audit.AuditStore;
import io.github.hapismart.audit.AuditTrail;
import io.github.hapismart.audit.BalpAuditEvents;
import io.github.hapismart.config.SmartSettings;
import io.github.hapismart.enforce.BearerTokenInterceptor;
import io.github.hapismart.enforce.DenialLog;
import io.github.hapismart.enforce.ExportJobOwners;
import io.github.hapismart.enforce.SmartEnforcement;
import io.github.hapismart.enforce.UserAccessPolicy;
import io.github.hapismart.resource.ResourceServer;
import io.github.hapismart.web.CorsFilter;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServlet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The one entry point for a HAPI user: {@link #install(RestfulServer, SmartSettings, DataSource)} registers the
 * plugin's interceptors on the FHIR server and returns the servlets and filter the container must map.
 *
 * <pre>{@code
 * SmartOnFhirPlugin smart = SmartOnFhirPlugin.install(restfulServer,
 *         SmartSettings.builder("https://ehr.example.org/fhir").build(), dataSource);
 * smart.servlets().forEach((path, servlet) -> context.addServlet(servlet, path));
 * context.addFilter(smart.corsFilter(), "/*");
 * }</pre>
 */
public final class SmartOnFhirPlugin {

    private final SmartAuthorizationServer authorizationServer;
    private final ResourceServer resourceServer;
    private final Filter corsFilter;
    private final List<Object> interceptors;
    /** Resource-server mode's own audit trail (the authorization server owns it otherwise); null without one. */
    private final AuditTrail resourceServerAuditTrail;

    private SmartOnFhirPlugin(SmartAuthorizationServer authorizationServer, ResourceServer resourceServer,
                              Filter corsFilter, List<Object> interceptors) {
        this(authorizationServer, resourceServer, corsFilter, interceptors, null);
    }

    private SmartOnFhirPlugin(SmartAuthorizationServer authorizationServer, ResourceServer resourceServer,
                              Filter corsFilter, List<Object> interceptors, AuditTrail resourceServerAuditTrail) {
        this.authorizationServer = authorizationServer;
        this.resourceServer = resourceServer;
        this.corsFilter = corsFilter;
        this.interceptors = List.copyOf(interceptors);
        this.resourceServerAuditTrail = resourceServerAuditTrail;
    }

    /** Builds the authorization server on {@code dataSource} and installs it into {@code fhirServer}. */
    public static SmartOnFhirPlugin install(RestfulServer fhirServer, SmartSettings settings, DataSource dataSource) {
        return install(fhirServer, SmartAuthorizationServer.builder(settings, dataSource).build());
    }

    /**
     * Installs an already built authorization server into {@code fhirServer}, with no matcher for granular
     * ({@code ?category=}) scopes (they then grant nothing) and practitioners' {@code user/} scopes server-wide.
     */
    public static SmartOnFhirPlugin install(RestfulServer fhirServer, SmartAuthorizationServer authorizationServer) {
        return install(fhirServer, authorizationServer, null, UserAccessPolicy.SERVER_WIDE);
    }

    /**
     * Installs an already built authorization server into {@code fhirServer}.
     *
     * @param filterMatcher    evaluates granular scope queries against resources; on a JPA server pass
     *                         {@code JpaFilterMatcher.of(inMemoryResourceMatcher, indexedSearchParamExtractor)}; null makes granular scopes grant nothing
     * @param userAccessPolicy where a practitioner's {@code user/} scopes reach
     */
    public static SmartOnFhirPlugin install(RestfulServer fhirServer, SmartAuthorizationServer authorizationServer,
                                            IAuthorizationSearchParamMatcher filterMatcher,
                                            UserAccessPolicy userAccessPolicy) {
        return install(fhirServer, authorizationServer, filterMatcher, userAccessPolicy, null);
    }

    /**
     * Installs an already built authorization server into {@code fhirServer}, binding bulk export jobs to the token
     * that started them.
     *
     * @param exportJobOwners who started an export job; on a JPA server {@code Batch2ExportJobOwners.of(jobCoordinator)};
     *                        null refuses export status polling to every token
     */
    public static SmartOnFhirPlugin install(RestfulServer fhirServer, SmartAuthorizationServer authorizationServer,
                                            IAuthorizationSearchParamMatcher filterMatcher,
                                            UserAccessPolicy userAccessPolicy, ExportJobOwners exportJobOwners) {
        Map<String, String> oauthUris = new LinkedHashMap<>();
        Map<String, Object> discovery = authorizationServer.smartConfiguration();
        oauthUris.put("authorize", (String) discovery.get("authorization_endpoint"));
        oauthUris.put("token", (String) discovery.get("token_endpoint"));
        putIfPresent(oauthUris, "register", discovery.get("registration_endpoint"));
        putIfPresent(oauthUris, "manage", discovery.get("management_endpoint"));
        putIfPresent(oauthUris, "introspect", discovery.get("introspection_endpoint"));
        putIfPresent(oauthUris, "revoke", discovery.get("revocation_endpoint"));
        quietExpectedDenials();
        List<Object> all = registerEdge(fhirServer, new WellKnownInterceptor(authorizationServer),
                new SmartCapabilityStatementInterceptor(oauthUris),
                new AuditTrailInterceptor(authorizationServer.audit(), authorizationServer.auditSettings(),
                        authorizationServer.clock()));
        // The enforcement's first hook runs the bearer check (HookOrder.AUTHENTICATE), then its own parts.
        SmartEnforcement enforcement = SmartEnforcement.register(fhirServer, filterMatcher, userAccessPolicy,
                exportJobOwners, new BearerTokenInterceptor(authorizationServer.accessTokens(),
                        authorizationServer.settings().fhirBaseUrl()));
        all.addAll(enforcement.interceptors());
        return new SmartOnFhirPlugin(authorizationServer, null, hostAwareCors(fhirServer, authorizationServer.settings()), all);
    }

    /**
     * Installs resource-server mode into {@code fhirServer}: the FHIR API accepts the access tokens of the external
     * authorization server that {@code resourceServer} describes, under exactly the enforcement of the plugin's own
     * tokens; the plugin issues no tokens and serves no login ({@link #servlets()} is empty), and
     * {@code .well-known/smart-configuration} and the CapabilityStatement advertise the external server.
     *
     * @param settings         the plugin's settings; only the FHIR base (which must be the resource server's) and
     *                         the CORS origins are used
     * @param filterMatcher    as for {@link #install(RestfulServer, SmartAuthorizationServer,
     *                         IAuthorizationSearchParamMatcher, UserAccessPolicy, ExportJobOwners)}
     * @param userAccessPolicy where a practitioner's {@code user/} scopes reach
     * @param exportJobOwners  who started an export job, or null
     */
    public static SmartOnFhirPlugin installResourceServer(RestfulServer fhirServer, SmartSettings settings,
                                                          ResourceServer resourceServer,
                                                          IAuthorizationSearchParamMatcher filterMatcher,
                                                          UserAccessPolicy userAccessPolicy,
                                                          ExportJobOwners exportJobOwners) {
        return installResourceServer(fhirServer, settings, resourceServer, filterMatcher, userAccessPolicy,
                exportJobOwners, null, AuditSettings.DEFAULTS);
    }

    /**
     * Installs resource-server mode as {@link #installResourceServer(RestfulServer, SmartSettings, ResourceServer,
     * IAuthorizationSearchParamMatcher, UserAccessPolicy, ExportJobOwners)} does, with an audit trail in
     * {@code auditStore} (on HAPI JPA: {@link JpaAuditStore}): every refused FHIR request, export kick-off and
     * download, and (with {@link AuditSettings#patientDataAccess()}) each patient-data read and search, with the
     * external token's client, subject and {@code jti}, identified under the external issuer. {@link #close()}
     * writes what is still queued.
     *
     * @param auditStore where the events go; null records nothing
     */
    public static SmartOnFhirPlugin installResourceServer(RestfulServer fhirServer, SmartSettings settings,
                                                          ResourceServer resourceServer,
                                                          IAuthorizationSearchParamMatcher filterMatcher,
                                                          UserAccessPolicy userAccessPolicy,
                                                          ExportJobOwners exportJobOwners, AuditStore auditStore,
                                                          AuditSettings auditSettings) {
        if (!settings.fhirBaseUrl().equals(resourceServer.fhirBaseUrl())) {
            throw new IllegalArgumentException("The resource server guards " + resourceServer.fhirBaseUrl()
                    + ", not the FHIR base " + settings.fhirBaseUrl());
        }
        quietExpectedDenials();
        AuditTrail auditTrail = null;
        if (auditStore != null) {
            // The observer is this FHIR server; clients and users are the external issuer's, so named under it.
            auditTrail = new AuditTrail(auditSettings, new BalpAuditEvents(settings.fhirBaseUrl(),
                    resourceServer.settings().issuer()), auditStore, java.time.Duration.ofSeconds(30));
        }
        List<Object> all = registerEdge(fhirServer, new WellKnownInterceptor(resourceServer::smartConfiguration, null),
                new SmartCapabilityStatementInterceptor(resourceServer::oauthUris),
                auditTrail == null ? null
                        : new AuditTrailInterceptor(auditTrail, auditSettings, java.time.Clock.systemUTC()));
        SmartEnforcement enforcement = SmartEnforcement.register(fhirServer, filterMatcher, userAccessPolicy,
                exportJobOwners, new BearerTokenInterceptor(resourceServer.tokens()::resolve, settings.fhirBaseUrl()));
        all.addAll(enforcement.interceptors());
        return new SmartOnFhirPlugin(null, resourceServer, hostAwareCors(fhirServer, settings), all, auditTrail);
    }

    /**
     * Registers the interceptors of the FHIR API's edge (error rendering, discovery, the CapabilityStatement, and the
     * audit trail if {@code audit} is not null) on {@code fhirServer}, and answers what was registered.
     */
    private static List<Object> registerEdge(RestfulServer fhirServer, WellKnownInterceptor wellKnown,
                                             SmartCapabilityStatementInterceptor capabilityStatement,
                                             AuditTrailInterceptor audit) {
        List<Object> registered = new java.util.ArrayList<>(List.of(new DenialLog(),
                new UnreadableRequestInterceptor(), new UnreadBodyInterceptor(), new DatabaseUnavailableInterceptor(),
                wellKnown, capabilityStatement));
        registered.forEach(fhirServer::registerInterceptor);
        if (audit != null) {
            registered.addAll(audit.registerOn(fhirServer.getInterceptorService()));
        }
        return registered;
    }

    /** The plugin's CORS policy, next to a HAPI CorsInterceptor on {@code fhirServer} as the settings' corsMode says. */
    private static Filter hostAwareCors(RestfulServer fhirServer, SmartSettings settings) {
        return new CorsFilter(settings, new HapiHostCors(fhirServer, settings.corsMode()));
    }

    /**
     * Keeps HAPI from logging each refusal from a hook as an ERROR with a stack trace ({@link ExpectedDenialLogFilter};
     * {@code DenialLog} logs one line instead). Logback is asked for by name here, not in the filter, so that the
     * filter class (which needs logback) loads only where logback is the backend.
     */
    private static void quietExpectedDenials() {
        if ("ch.qos.logback.classic.LoggerContext".equals(
                org.slf4j.LoggerFactory.getILoggerFactory().getClass().getName())) {
            ExpectedDenialLogFilter.install();
        }
    }

    private static void putIfPresent(Map<String, String> map, String key, Object value) {
        if (value instanceof String s) {
            map.put(key, s);
        }
    }

    /**
     * The authorization server, for adding users and clients.
     *
     * @throws IllegalStateException in resource-server mode, which has none
     */
    public SmartAuthorizationServer authorizationServer() {
        if (authorizationServer == null) {
            throw new IllegalStateException("In resource-server mode the plugin has no authorization server");
        }
        return authorizationServer;
    }

    /** The external authorization server's side, in resource-server mode; empty otherwise. */
    public Optional<ResourceServer> resourceServer() {
        return Optional.ofNullable(resourceServer);
    }

    /** Servlet path → servlet for the {@code /auth} endpoints (none in resource-server mode). */
    public Map<String, HttpServlet> servlets() {
        return authorizationServer == null ? Map.of() : authorizationServer.servlets();
    }

    /**
     * The CORS filter, to map on {@code /*}: the plugin's policy ({@code corsAllowedOrigins}), combined on the FHIR
     * API with a HAPI {@code CorsInterceptor} registered on the FHIR server as {@link SmartSettings#corsMode()} says.
     */
    public Filter corsFilter() {
        return corsFilter;
    }

    /**
     * Writes the audit events still queued and stops the audit writer; call it once, when the server stops.
     */
    public void close() {
        if (authorizationServer != null) {
            authorizationServer.close();
        }
        if (resourceServerAuditTrail != null) {
            resourceServerAuditTrail.close();
        }
    }

    /** Resource-server mode's audit trail (its counters), if one was installed. */
    public Optional<AuditTrail> resourceServerAuditTrail() {
        return Optional.ofNullable(resourceServerAuditTrail);
    }

    /** The interceptors registered on the FHIR server. */
    public List<Object> interceptors() {
        return interceptors;
    }
}
