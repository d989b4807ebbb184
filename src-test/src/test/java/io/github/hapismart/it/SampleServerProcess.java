package io.github.hapismart.it;

import static org.awaitility.Awaitility.await;

import io.github.hapismart.sample.SampleServerMain;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The sample server as its own JVM, started as its run command starts it (its own logging, to a log file), so a
 * test can do to it what happens to a real server: {@link #kill()} it with SIGKILL, {@link #terminate()} it with
 * SIGTERM, and start another one on the same data folder. {@link #start} returns once {@code /health/ready} answers
 * 200.
 */
public final class SampleServerProcess implements ServerAddress, AutoCloseable {

    /** JVM options for a test server: a fast start (C1 only) and the run command's collector. */
    public static final List<String> TEST_JVM_OPTIONS = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
            "-Xmx640m");

    private static final Duration START_TIMEOUT = Duration.ofMinutes(4);

    private final Process process;
    private final int port;
    private final Path log;

    private SampleServerProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /**
     * Starts a server on {@code port} with its data in {@code dataDir}, appending its output to {@code log}, and waits
     * until it is ready. {@code serverArgs} are further sample-server options ({@code --name=value}).
     */
    public static SampleServerProcess start(int port, Path dataDir, Path log, List<String> jvmOptions,
                                            List<String> serverArgs) {
        SampleServerProcess server = launch(port, dataDir, log, jvmOptions, serverArgs);
        server.awaitReady();
        return server;
    }

    /** Starts a server like {@link #start} but returns at once, before it is ready. */
    public static SampleServerProcess launch(int port, Path dataDir, Path log, List<String> jvmOptions,
                                             List<String> serverArgs) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        // The sample server's logback.xml, not the test logging that is also on this class path.
        command.addAll(List.of("-Dlogback.configurationFile=logback.xml",
                "-cp", System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")), SampleServerMain.class.getName(),
                "--port=" + port, "--data-dir=" + dataDir));
        command.addAll(serverArgs);
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            return new SampleServerProcess(process, port, log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits until {@code /health/ready} answers 200. */
    public void awaitReady() {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest ready = HttpRequest.newBuilder(URI.create(rootUrl() + "/health/ready"))
                .timeout(Duration.ofSeconds(5)).build();
        // The readiness endpoint answers at once, whether ready or not: poll it every 200 ms. A refused connection
        // (the port is not open yet) is "not ready"; an exited process ends the wait at once.
        await("the sample server ready; see " + log).atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(200))
                .ignoreExceptionsInstanceOf(IOException.class).until(() -> {
                    if (!process.isAlive()) {
                        throw new IllegalStateException("The sample server exited with " + process.exitValue()
                                + "; see " + log);
                    }
                    return http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
                });
    }

    @Override
    public String rootUrl() {
        return "http://localhost:" + port;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    /** The log file the server writes to. */
    public Path log() {
        return log;
    }

    /** SIGKILL: the process ends at once, as in a crash; returns when it is gone. */
    public void kill() {
        process.destroyForcibly();
        awaitExit(Duration.ofSeconds(30));
    }

    /** SIGTERM: the server drains the requests in flight and stops; returns at once (see {@link #awaitExit()}). */
    public void terminate() {
        process.destroy();
    }

    /** Waits for the process to end and returns its exit code. */
    public int awaitExit() {
        awaitExit(Duration.ofSeconds(60));
        return process.exitValue();
    }

    private void awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("The sample server did not exit within " + timeout + "; see " + log);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            awaitExit(Duration.ofSeconds(30));
        }
    }
}
