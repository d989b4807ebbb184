package io.github.hapismart.it;

import io.github.hapismart.sample.SampleServer;
import io.github.hapismart.sample.SampleServerOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

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
        SampleServerOptions options = customize.apply(new SampleServerOptions(defaults.port(), Optional.empty(),
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

    @Override
    public String rootUrl() {
        return "http://localhost:" + port;
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
