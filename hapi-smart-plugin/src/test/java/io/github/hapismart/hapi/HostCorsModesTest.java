package io.github.hapismart.hapi;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.server.RestfulServer;
import ca.uhn.fhir.rest.server.interceptor.CorsInterceptor;
import io.github.hapismart.config.CorsMode;
import io.github.hapismart.config.SmartSettings;
import jakarta.servlet.DispatcherType;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.EnumSet;
import java.util.List;
import java.util.UUID;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.springframework.web.cors.CorsConfiguration;

/**
 * {@code corsMode} against a host that has HAPI's CorsInterceptor on its FHIR server (the origin echoed with
 * credentials, as hapi-fhir-jpaserver-starter configures it), in a real Jetty: which policy answers an origin that
 * both allow, one only the plugin allows, and the token endpoint.
 */
class HostCorsModesTest {

    private static final String BOTH = "https://both.example.org";
    private static final String PLUGIN_ONLY = "https://smart.example.org";

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void mergeLeavesAnOriginTheHostAllowsToTheHost() throws Exception {
        assertEquals(BOTH + " credentials=true", corsOf(CorsMode.MERGE, "/fhir/metadata", BOTH));
    }

    @Test
    void mergeGivesAnOriginOnlyThePluginAllowsThePluginsPolicy() throws Exception {
        assertEquals(PLUGIN_ONLY + " credentials=null", corsOf(CorsMode.MERGE, "/fhir/metadata", PLUGIN_ONLY));
    }

    @Test
    void hostLeavesTheFhirApiToTheHostAlone() throws Exception {
        assertEquals("null credentials=null", corsOf(CorsMode.HOST, "/fhir/metadata", PLUGIN_ONLY));
    }

    @Test
    void pluginAnswersEveryOriginItAllowsOnTheFhirApiItself() throws Exception {
        assertEquals(BOTH + " credentials=null", corsOf(CorsMode.PLUGIN, "/fhir/metadata", BOTH));
    }

    @Test
    void hostStillLeavesTheAuthorizationEndpointsToThePlugin() throws Exception {
        assertEquals(PLUGIN_ONLY + " credentials=null", corsOf(CorsMode.HOST, "/auth/token", PLUGIN_ONLY));
    }

    /** Starts a server in {@code mode}, sends a GET from {@code origin} to {@code path}, returns its CORS headers. */
    private String corsOf(CorsMode mode, String path, String origin) throws Exception {
        Server jetty = new Server();
        ServerConnector connector = new ServerConnector(jetty);
        connector.setHost("127.0.0.1");
        jetty.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        RestfulServer fhirServer = new RestfulServer(FhirContext.forR4Cached());
        fhirServer.registerInterceptor(hostCors());
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        SmartOnFhirPlugin plugin = SmartOnFhirPlugin.install(fhirServer, SmartSettings.builder(
                "http://localhost/fhir").corsAllowedOrigins(List.of(BOTH, PLUGIN_ONLY)).corsMode(mode).build(),
                dataSource);
        context.addFilter(new FilterHolder(plugin.corsFilter()), "/*", EnumSet.of(DispatcherType.REQUEST));
        ServletHolder fhir = new ServletHolder("fhir", fhirServer);
        fhir.setInitOrder(1);
        context.addServlet(fhir, "/fhir/*");
        plugin.servlets().forEach((mapping, servlet) -> context.addServlet(new ServletHolder(servlet), mapping));
        jetty.setHandler(context);
        jetty.start();
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(
                    "http://127.0.0.1:" + connector.getLocalPort() + path)).header("Origin", origin).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.headers().firstValue("Access-Control-Allow-Origin").orElse(null) + " credentials="
                    + response.headers().firstValue("Access-Control-Allow-Credentials").orElse(null);
        } finally {
            jetty.stop();
        }
    }

    /** The host's own CORS: HAPI's CorsInterceptor allowing {@link #BOTH} with credentials, as the starter does. */
    private static CorsInterceptor hostCors() {
        CorsConfiguration config = new CorsConfiguration();
        config.addAllowedOriginPattern(BOTH);
        config.addAllowedHeader("Authorization");
        config.setAllowedMethods(List.of("GET", "POST", "OPTIONS"));
        config.setAllowCredentials(true);
        return new CorsInterceptor(config);
    }
}
