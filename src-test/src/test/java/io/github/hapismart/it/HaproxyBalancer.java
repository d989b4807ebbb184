package io.github.hapismart.it;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A real load balancer for the tests: Debian's HAProxy, run in the foreground as a child process on a free loopback
 * port, sending each HTTP request round-robin to the sample-server nodes with no stickiness. It checks each node's
 * {@code /health/ready} every 500 ms, retries a request on the other node when its connection to a node failed or
 * was closed without an answer (a node that has just died), tells
 * the nodes the client's address ({@code X-Forwarded-For}) and names the node that answered in the response header
 * {@code X-Served-By}, so tests can see where each request went.
 */
public final class HaproxyBalancer implements ServerAddress, AutoCloseable {

    private static final Path BINARY = Path.of("/usr/sbin/haproxy");

    private final Process process;
    private final int port;
    private final Path log;

    private HaproxyBalancer(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /**
     * Whether Debian's haproxy is installed; throws when it is not but {@code SMART_TEST_POSTGRES=required} (set by
     * CI, which installs it) asks for the cluster tests.
     */
    public static boolean installed() {
        if (Files.isExecutable(BINARY)) {
            return true;
        }
        if ("required".equalsIgnoreCase(System.getenv(PostgresCluster.REQUIRED_VARIABLE))) {
            throw new IllegalStateException(PostgresCluster.REQUIRED_VARIABLE + "=required, but " + BINARY
                    + " is missing (install Debian's haproxy package)");
        }
        return false;
    }

    /** Starts a balancer on {@code port}, its files in {@code folder}, in front of the nodes on {@code nodePorts}. */
    public static HaproxyBalancer start(Path folder, int port, List<Integer> nodePorts) {
        try {
            StringBuilder config = new StringBuilder("""
                    global
                        maxconn 512
                    defaults
                        mode http
                        timeout connect 1s
                        timeout client 60s
                        timeout server 60s
                        timeout check 2s
                        option forwardfor
                        option redispatch
                        retries 2
                        retry-on conn-failure empty-response
                    frontend fhir
                        bind 127.0.0.1:%d
                        default_backend nodes
                    backend nodes
                        balance roundrobin
                        option httpchk GET /health/ready
                        http-response set-header X-Served-By %%s
                    """.formatted(port));
            for (int i = 0; i < nodePorts.size(); i++) {
                config.append("    server node").append(i + 1).append(" 127.0.0.1:").append(nodePorts.get(i))
                        .append(" check inter 500ms fall 2 rise 1\n");
            }
            Path file = Files.writeString(folder.resolve("haproxy.cfg"), config.toString());
            Path log = folder.resolve("haproxy.log");
            Process process = new ProcessBuilder(BINARY.toString(), "-db", "-f", file.toString())
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            HaproxyBalancer balancer = new HaproxyBalancer(process, port, log);
            balancer.awaitListening();
            return balancer;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void awaitListening() {
        await("haproxy listening on " + port + "; see " + log).atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(100)).until(() -> {
                    if (!process.isAlive()) {
                        throw new IllegalStateException("haproxy exited; see " + log);
                    }
                    try (Socket ignored = new Socket("localhost", port)) {
                        return true;
                    } catch (IOException notYet) {
                        return false;
                    }
                });
    }

    @Override
    public String rootUrl() {
        return "http://localhost:" + port;
    }

    /** The node ({@code node1}, {@code node2}) that answered, from the balancer's {@code X-Served-By} header. */
    public static Optional<String> servedBy(Http.Response response) {
        return Optional.ofNullable(response.header("X-Served-By"));
    }

    /** The node that served a page. */
    public static Optional<String> servedBy(PageSession.Page page) {
        return page.headers().firstValue("X-Served-By");
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
