package io.github.hapismart.it;

import io.github.hapismart.sample.SampleServer;
import io.github.hapismart.sample.SampleServerOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Comparator;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Runs the real sample server (HAPI JPA on H2 in file mode, or on a PostgreSQL database with {@link #startOn},
 * plugin installed) on a free loopback port with its own data folder, so tests talk to it over HTTP as any client
 * would. {@link #restart()} stops and starts it on the same data folder (and database) and port.
 */
public final class SampleServerFixture implements ServerAddress, AutoCloseable {

    private final Path dataDir;
    private final int port;
    private final UnaryOperator<SampleServerOptions> customize;
    private final TestTokens tokens;
    private SampleServer server;
    private SampleServerOptions options;

    private SampleServerFixture(Path dataDir, int port, UnaryOperator<SampleServerOptions> customize,
                                java.util.function.Function<SampleServerFixture, TestTokens> tokens) {
        this.dataDir = dataDir;
        this.port = port;
        this.customize = customize;
        this.tokens = tokens.apply(this);
    }

    /** Starts a server with a new, empty data folder. */
    public static SampleServerFixture start() {
        return start(UnaryOperator.identity());
    }

    /** Starts a server with a new, empty data folder and options changed by {@code customize}. */
    public static SampleServerFixture start(UnaryOperator<SampleServerOptions> customize) {
        try {
            return start(freePort(), customize, TestTokens::of);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Starts a server on {@code port} whose tests get their tokens from {@code tokens} (resource-server mode: the
     * external server's), with a new, empty data folder.
     */
    public static SampleServerFixture start(int port, UnaryOperator<SampleServerOptions> customize,
                                            java.util.function.Function<SampleServerFixture, TestTokens> tokens) {
        try {
            SampleServerFixture fixture = new SampleServerFixture(Files.createTempDirectory("smart-it-"), port,
                    customize, tokens);
            fixture.startServer();
            return fixture;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Starts a server that also serves HTTPS, with the self-signed {@code localhost} certificate it makes on first
     * start, and whose public URL is {@code https://localhost:<https port>}: every endpoint it advertises (discovery,
     * authorize, token, the FHIR base) is HTTPS. {@link #tls()} trusts exactly its certificate.
     */
    public static SampleServerFixture startHttps() {
        try {
            int httpsPort = freePort();
            return start(options -> new SampleServerOptions(options.port(), Optional.of(httpsPort), Optional.empty(),
                    options.keystorePassword(), options.dataDir(), Optional.of("https://localhost:" + httpsPort),
                    Optional.empty(), true, 0));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts a server with a new, empty data folder whose HAPI and plugin tables live in {@code database}. */
    public static SampleServerFixture startOn(PostgresCluster.Database database) {
        return startOn(database, UnaryOperator.identity());
    }

    /** Starts a server on {@code database}, with options further changed by {@code customize}. */
    public static SampleServerFixture startOn(PostgresCluster.Database database,
                                              UnaryOperator<SampleServerOptions> customize) {
        return start(options -> customize.apply(
                options.withDatabase(database.jdbcUrl(), database.username(), database.password())));
    }

    private void startServer() {
        SampleServerOptions defaults = SampleServerOptions.defaults(port, dataDir);
        options = customize.apply(new SampleServerOptions(defaults.port(), Optional.empty(),
                Optional.empty(), defaults.keystorePassword(), dataDir, Optional.empty(), Optional.empty(), true, 0));
        server = new SampleServer(options);
        try {
            server.start();
        } catch (Exception e) {
            server.close();
            throw new IllegalStateException("The sample server did not start", e);
        }
    }

    /** Stops the server and starts it again on the same data folder and port. */
    public void restart() {
        server.close();
        startServer();
    }

    public SampleServer server() {
        return server;
    }

    /** Where tests get tokens this server accepts. */
    public TestTokens tokens() {
        return tokens;
    }

    /** The server root as clients see it: its public URL when it has one (HTTPS), else plain HTTP on loopback. */
    @Override
    public String rootUrl() {
        return options.publicBaseUrl().orElse("http://localhost:" + port);
    }

    /**
     * TLS that trusts exactly this server's self-signed certificate (from its data folder), for an HTTPS server; the
     * JDK's default otherwise.
     */
    public SSLContext tls() {
        try {
            Path keystore = dataDir.resolve("tls").resolve("self-signed.p12");
            if (options.httpsPort().isEmpty() || !Files.exists(keystore)) {
                return SSLContext.getDefault();
            }
            KeyStore own = KeyStore.getInstance("PKCS12");
            try (var in = Files.newInputStream(keystore)) {
                own.load(in, options.keystorePassword().toCharArray());
            }
            KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
            trusted.load(null, null);
            trusted.setCertificateEntry("sample-server", own.getCertificate(own.aliases().nextElement()));
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trusted);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, factory.getTrustManagers(), null);
            return context;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public Path dataDir() {
        return dataDir;
    }

    @Override
    public void close() {
        if (server != null) {
            server.close();
        }
        try (Stream<Path> files = Files.walk(dataDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException ignored) {
            // a leftover temp folder is harmless
        }
    }

    /** A free loopback port. */
    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
