package io.github.hapismart.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Two sample-server processes on one PostgreSQL database behind a round-robin HAProxy, as a hospital runs them:
 * both advertise the balancer's URL, trust its {@code X-Forwarded-For}, and share one key-encryption key (made once,
 * before either starts). The nodes start at the same moment on the empty database. Tests reach the cluster through
 * the balancer ({@link #rootUrl()}) or one node directly ({@link #node(int)}), and can kill and restart a node.
 */
public final class TwoNodeCluster implements ServerAddress, AutoCloseable {

    private final Path folder;
    private final PostgresCluster postgres;
    private final PostgresCluster.Database database;
    private final int balancerPort;
    private final List<Integer> nodePorts;
    private final List<String> jvmOptions;
    private final List<String> extraArgs;
    private final SampleServerProcess[] nodes;
    private final HaproxyBalancer balancer;

    private TwoNodeCluster(Path folder, PostgresCluster postgres, PostgresCluster.Database database, int balancerPort,
                           List<Integer> nodePorts, List<String> jvmOptions, List<String> extraArgs) {
        this.folder = folder;
        this.postgres = postgres;
        this.database = database;
        this.balancerPort = balancerPort;
        this.nodePorts = nodePorts;
        this.jvmOptions = jvmOptions;
        this.extraArgs = extraArgs;
        this.nodes = new SampleServerProcess[nodePorts.size()];
        try {
            for (int i = 0; i < nodes.length; i++) {
                nodes[i] = SampleServerProcess.launch(nodePorts.get(i), folder.resolve("node" + (i + 1)),
                        folder.resolve("node" + (i + 1) + ".log"), jvmOptions, nodeArgs());
            }
            for (SampleServerProcess node : nodes) {
                node.awaitReady();
            }
            this.balancer = HaproxyBalancer.start(folder, balancerPort, nodePorts);
        } catch (RuntimeException e) {
            for (SampleServerProcess node : nodes) {
                if (node != null) {
                    node.close();
                }
            }
            throw e;
        }
    }

    /** Starts the cluster on a fresh database of {@code postgres}, with its files in {@code folder}. */
    public static TwoNodeCluster start(Path folder, PostgresCluster postgres) {
        return start(folder, postgres, SampleServerProcess.TEST_JVM_OPTIONS, List.of());
    }

    /** Starts the cluster with these node JVM options and further sample-server options on every node. */
    public static TwoNodeCluster start(Path folder, PostgresCluster postgres, List<String> jvmOptions,
                                       List<String> extraArgs) {
        try {
            Files.createDirectories(folder);
            byte[] kek = new byte[32];
            new SecureRandom().nextBytes(kek);
            Files.writeString(folder.resolve("key-encryption.key"), Base64.getEncoder().encodeToString(kek));
            return new TwoNodeCluster(folder, postgres, postgres.newDatabase(), SampleServerFixture.freePort(),
                    List.of(SampleServerFixture.freePort(), SampleServerFixture.freePort()), jvmOptions, extraArgs);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private List<String> nodeArgs() {
        List<String> args = new ArrayList<>(List.of("--public-url=" + rootUrl(), "--forwarded-headers=true",
                "--key-encryption-key-file=" + folder.resolve("key-encryption.key"),
                "--database-url=" + database.jdbcUrl(), "--database-username=" + database.username(),
                "--database-password=" + database.password()));
        args.addAll(extraArgs);
        return args;
    }

    /** The balancer: what clients use. */
    @Override
    public String rootUrl() {
        return "http://127.0.0.1:" + balancerPort;
    }

    /**
     * Node {@code index} (1 or 2), reached directly, bypassing the balancer; on the balancer's host name, so that a
     * browser session's cookies (which are per host, not per port) go with it as they would to any node.
     */
    public ServerAddress node(int index) {
        int port = nodePorts.get(index - 1);
        return () -> "http://127.0.0.1:" + port;
    }

    /** Node {@code index}'s process. */
    public SampleServerProcess process(int index) {
        return nodes[index - 1];
    }

    /** Kills node {@code index} with SIGKILL. */
    public void kill(int index) {
        nodes[index - 1].kill();
    }

    /** Starts node {@code index} again (after {@link #kill}) and waits until it is ready. */
    public void restart(int index) {
        nodes[index - 1].close();
        nodes[index - 1] = SampleServerProcess.start(nodePorts.get(index - 1), folder.resolve("node" + index),
                folder.resolve("node" + index + ".log"), jvmOptions, nodeArgs());
    }

    /** The PostgreSQL cluster under the nodes, to stop and start it. */
    public PostgresCluster postgres() {
        return postgres;
    }

    /** A JDBC connection to the cluster's database, for checks a client cannot make. */
    public Connection jdbc() {
        try {
            return DriverManager.getConnection(database.jdbcUrl(), database.username(), database.password());
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Where the nodes' and the balancer's logs are. */
    public Path folder() {
        return folder;
    }

    @Override
    public void close() {
        balancer.close();
        for (SampleServerProcess node : nodes) {
            node.close();
        }
    }
}
