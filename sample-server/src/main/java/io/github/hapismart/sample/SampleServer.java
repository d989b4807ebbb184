package io.github.hapismart.sample;

import java.nio.file.Files;
import java.util.Optional;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.ForwardedRequestCustomizer;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;

/**
 * The runnable sample: a HAPI FHIR JPA server on embedded H2 with the SMART plugin installed, served by Jetty.
 * The FHIR base is {@code <root>/fhir}; the authorization server lives under {@code <root>/auth}.
 */
public final class SampleServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SampleServer.class);

    /** How long requests in flight may take to complete when the server stops. */
    static final long STOP_TIMEOUT_MILLIS = 30_000;

    private final SampleServerOptions options;
    private final ReadinessGate gate = new ReadinessGate();
    private GracefulHandler inFlight;
    private Server jetty;
    private AnnotationConfigApplicationContext spring;
    private SampleApplication application;
    private int boundPort;

    public SampleServer(SampleServerOptions options) {
        this.options = options;
    }

    /**
     * Binds the ports and answers at once, with 503 and {@code Retry-After} until ready ({@link ReadinessGate}); then
     * starts HAPI JPA, loads demo data on first start and lets requests through. Returns when the server is ready.
     */
    public void start() throws Exception {
        long started = System.nanoTime();
        Files.createDirectories(options.dataDir());
        jetty = new Server();
        // On stop, requests in flight get this long to complete before their connections are closed.
        jetty.setStopTimeout(STOP_TIMEOUT_MILLIS);
        HttpConfiguration httpConfig = new HttpConfiguration();
        if (options.forwardedHeaders()) {
            // Behind a balancer: the client's address and scheme come from its X-Forwarded-* headers.
            httpConfig.addCustomizer(new ForwardedRequestCustomizer());
        }
        ServerConnector http = new ServerConnector(jetty, new HttpConnectionFactory(httpConfig));
        http.setPort(options.port());
        jetty.addConnector(http);
        http.open();
        boundPort = http.getLocalPort();
        Optional<ServerConnector> https = options.httpsPort().map(port -> httpsConnector(port));
        https.ifPresent(jetty::addConnector);
        jetty.setHandler(gate);
        jetty.start();

        spring = new AnnotationConfigApplicationContext();
        spring.registerBean(SampleServerOptions.class, () -> options);
        spring.register(FhirJpaConfig.class);
        spring.refresh();

        String rootUrl = options.rootUrl(boundPort);
        ServletContextHandler context = new ServletContextHandler("/");
        context.setErrorHandler(new JsonErrorHandler());
        application = new SampleApplication(options, spring, rootUrl);
        application.configure(context);
        inFlight = new GracefulHandler(context);
        gate.open(inFlight);
        application.afterStart();
        LOG.info("Sample server ready in {} s: FHIR base {}/fhir", (System.nanoTime() - started) / 1_000_000_000, rootUrl);
    }

    private ServerConnector httpsConnector(int port) {
        SslContextFactory.Server ssl = new SslContextFactory.Server();
        TlsKeystore keystore = new TlsKeystore(options);
        ssl.setKeyStorePath(keystore.path().toString());
        ssl.setKeyStorePassword(options.keystorePassword());
        ssl.setKeyStoreType("PKCS12");
        ssl.setIncludeProtocols("TLSv1.2", "TLSv1.3");
        HttpConfiguration config = new HttpConfiguration();
        config.setSecureScheme("https");
        SecureRequestCustomizer secure = new SecureRequestCustomizer();
        secure.setSniHostCheck(false);
        config.addCustomizer(secure);
        ServerConnector connector = new ServerConnector(jetty,
                new SslConnectionFactory(ssl, "http/1.1"), new HttpConnectionFactory(config));
        connector.setPort(port);
        return connector;
    }

    /** The HTTP port actually bound (useful when the options asked for port 0). */
    public int port() {
        return boundPort;
    }

    /** The FHIR base URL as advertised to clients. */
    public String fhirBaseUrl() {
        return options.rootUrl(boundPort) + "/fhir";
    }

    /** The wired application, for tests and tools that need its parts. */
    public SampleApplication application() {
        return application;
    }

    /** Blocks until the server stops. */
    public void join() throws InterruptedException {
        jetty.join();
    }

    /**
     * Stops the server: new requests are refused with 503 at once, requests in flight get up to
     * {@value #STOP_TIMEOUT_MILLIS} ms to complete, then HAPI and the database close. Logs how long it took.
     */
    @Override
    public void close() {
        long stopping = System.nanoTime();
        LOG.info("Sample server stopping: new requests are refused with 503, requests in flight complete");
        gate.close();
        long draining = inFlight == null ? 0 : inFlight.getCurrentRequestCount();
        try {
            if (jetty != null) {
                jetty.stop();
            }
        } catch (Exception e) {
            LOG.warn("Jetty did not stop cleanly", e);
        }
        if (application != null) {
            application.stop();
        }
        if (spring != null) {
            spring.close();
        }
        LOG.info("Sample server stopped in {} ms ({} requests were in flight and given up to {} ms to complete)",
                (System.nanoTime() - stopping) / 1_000_000, draining, STOP_TIMEOUT_MILLIS);
    }
}
