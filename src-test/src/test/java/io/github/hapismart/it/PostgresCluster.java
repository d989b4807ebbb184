package io.github.hapismart.it;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real, throwaway PostgreSQL cluster made from Debian's {@code postgresql} binaries ({@code initdb}, {@code pg_ctl}
 * from {@code /usr/lib/postgresql/<major>/bin}) in a temporary folder, listening on a free loopback port with
 * {@code trust} authentication (loopback only; nothing else can reach it). One cluster serves the whole test JVM
 * ({@link #shared()}); it is stopped ({@code pg_ctl stop -m fast}) and its folder deleted when the JVM exits. Each
 * test takes a fresh database from {@link #newDatabase()}. When the tests run as root, the cluster runs as the
 * {@code postgres} user, which owns its folder (PostgreSQL refuses to run as root).
 */
public final class PostgresCluster {

    /** A database of the cluster and how to reach it. */
    public record Database(String name, String jdbcUrl, String username, String password) {
    }

    /** {@code SMART_TEST_POSTGRES=required} makes a missing PostgreSQL a failure instead of a skip (CI sets it). */
    public static final String REQUIRED_VARIABLE = "SMART_TEST_POSTGRES";

    private static final Logger LOG = LoggerFactory.getLogger(PostgresCluster.class);
    private static final String SUPERUSER = "smart_test";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    private static final Object LOCK = new Object();
    private static Optional<PostgresCluster> shared;

    private final Path binaries;
    private final Path folder;
    private final Path dataDir;
    private final Path logFile;
    private final int port;
    private final boolean asPostgresUser;
    private final AtomicInteger databases = new AtomicInteger();

    private PostgresCluster(Path binaries, Path folder, int port, boolean asPostgresUser) {
        this.binaries = binaries;
        this.folder = folder;
        this.dataDir = folder.resolve("data");
        this.logFile = folder.resolve("postgres.log");
        this.port = port;
        this.asPostgresUser = asPostgresUser;
    }

    /**
     * The cluster of this JVM, created and started on first use; empty when Debian's PostgreSQL binaries are not
     * installed, unless {@code SMART_TEST_POSTGRES=required}, in which case that is an error.
     */
    public static Optional<PostgresCluster> shared() {
        synchronized (LOCK) {
            if (shared == null) {
                shared = create();
            }
            return shared;
        }
    }

    private static Optional<PostgresCluster> create() {
        boolean required = "required".equalsIgnoreCase(System.getenv(REQUIRED_VARIABLE));
        Optional<Path> binaries = findBinaries();
        if (binaries.isEmpty()) {
            if (required) {
                throw new IllegalStateException(REQUIRED_VARIABLE + "=required, but no PostgreSQL binaries were found "
                        + "in /usr/lib/postgresql/<major>/bin (install Debian's postgresql package)");
            }
            LOG.warn("PostgreSQL binaries not found in /usr/lib/postgresql/<major>/bin: PostgreSQL tests are skipped");
            return Optional.empty();
        }
        try {
            boolean root = "root".equals(System.getProperty("user.name"));
            Path folder = Files.createTempDirectory("smart-postgres-");
            PostgresCluster cluster = new PostgresCluster(binaries.get(), folder, SampleServerFixture.freePort(), root);
            cluster.initialise();
            cluster.start();
            Runtime.getRuntime().addShutdownHook(new Thread(cluster::stopAndDelete, "postgres-cluster-stop"));
            return Optional.of(cluster);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Optional<Path> findBinaries() {
        Path root = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(root)) {
            return Optional.empty();
        }
        try (Stream<Path> majors = Files.list(root)) {
            return majors.map(major -> major.resolve("bin"))
                    .filter(bin -> Files.isExecutable(bin.resolve("initdb")) && Files.isExecutable(bin.resolve("pg_ctl"))
                            && Files.isExecutable(bin.resolve("pg_isready")))
                    .max(Comparator.comparingInt(PostgresCluster::majorVersion));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static int majorVersion(Path bin) {
        try {
            return Integer.parseInt(bin.getParent().getFileName().toString());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private void initialise() throws IOException {
        if (asPostgresUser) {
            UserPrincipalLookupService users = folder.getFileSystem().getUserPrincipalLookupService();
            Files.setOwner(folder, users.lookupPrincipalByName("postgres"));
        }
        run(Duration.ofMinutes(2), binaries.resolve("initdb").toString(), "-D", dataDir.toString(), "-U", SUPERUSER,
                "--auth=trust", "--encoding=UTF8", "--locale=C.UTF-8", "--no-sync");
        // Loopback only, with its socket in the cluster's own folder; trust is then safe. Enough connections for a
        // few sample servers (a pool of 20 each) and the store tests at once.
        Files.writeString(dataDir.resolve("postgresql.conf"), String.join("\n",
                "listen_addresses = '127.0.0.1'",
                "port = " + port,
                "unix_socket_directories = '" + folder + "'",
                "max_connections = 200",
                "shared_buffers = 64MB",
                ""), StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);
        LOG.info("PostgreSQL test cluster: data in {}, log in {}, port {}", dataDir, logFile, port);
    }

    /** Starts the cluster on its port and waits until it accepts connections. */
    public void start() {
        run(READY_TIMEOUT, binaries.resolve("pg_ctl").toString(), "start", "-D", dataDir.toString(), "-l",
                logFile.toString(), "-w", "-t", String.valueOf(READY_TIMEOUT.toSeconds()));
        awaitReady();
    }

    /** Stops the cluster at once ({@code -m fast}: open sessions are ended, committed data is kept). */
    public void stop() {
        run(READY_TIMEOUT, binaries.resolve("pg_ctl").toString(), "stop", "-D", dataDir.toString(), "-m", "fast",
                "-w");
    }

    /** Stops and starts the same cluster on the same port, as a database outage and recovery would. */
    public void restart() {
        stop();
        start();
    }

    /** A new, empty database with a name no other caller gets. */
    public Database newDatabase() {
        String name = "smart_" + ProcessHandle.current().pid() + "_" + databases.incrementAndGet();
        try (Connection connection = DriverManager.getConnection(url("postgres"), SUPERUSER, "");
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create database " + name + " (log: " + logFile + ")", e);
        }
        return new Database(name, url(name), SUPERUSER, "");
    }

    /** The loopback port the cluster listens on. */
    public int port() {
        return port;
    }

    private String url(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    private void awaitReady() {
        await("PostgreSQL ready on port " + port + "; log: " + logFile).atMost(READY_TIMEOUT)
                .pollInterval(Duration.ofMillis(100))
                .until(() -> exitCode(binaries.resolve("pg_isready").toString(), "-h", "127.0.0.1", "-p",
                        String.valueOf(port), "-t", "5") == 0);
    }

    private void stopAndDelete() {
        try {
            // Immediate: the cluster is deleted next, so a shutdown checkpoint would be wasted work. (One full run's
            // test JVM outlived surefire's 30 s exit limit with a fast stop here; that checkpoint is the likely cause.)
            run(READY_TIMEOUT, binaries.resolve("pg_ctl").toString(), "stop", "-D", dataDir.toString(), "-m",
                    "immediate", "-w");
        } catch (RuntimeException e) {
            LOG.warn("Could not stop the PostgreSQL test cluster in {}", folder, e);
        }
        try (Stream<Path> files = Files.walk(folder)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException ignored) {
            // a leftover temporary folder is harmless
        }
    }

    private List<String> command(String... args) {
        List<String> command = new ArrayList<>();
        if (asPostgresUser) {
            command.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        command.addAll(List.of(args));
        return command;
    }

    private void run(Duration timeout, String... args) {
        Path output = folder.resolve("command.out");
        try {
            Process process = new ProcessBuilder(command(args)).redirectErrorStream(true)
                    .redirectOutput(output.toFile()).start();
            if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("Timed out: " + String.join(" ", args));
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException("Failed (" + process.exitValue() + "): " + String.join(" ", args)
                        + "\n" + Files.readString(output) + "\nlog: " + logFile);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted: " + String.join(" ", args), e);
        }
    }

    private int exitCode(String... args) {
        try {
            Process process = new ProcessBuilder(command(args)).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return process.waitFor(10, TimeUnit.SECONDS) ? process.exitValue() : -1;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}
