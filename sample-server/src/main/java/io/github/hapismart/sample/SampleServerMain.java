package io.github.hapismart.sample;

import org.slf4j.LoggerFactory;

/** Command-line entry point: starts the sample server and blocks until it is stopped. */
public final class SampleServerMain {

    private SampleServerMain() {
    }

    public static void main(String[] args) throws Exception {
        SampleServer server = new SampleServer(SampleServerOptions.fromEnvironment(args));
        // SIGTERM (and Ctrl-C) run this hook: the server drains the requests in flight before it stops.
        Thread shutdown = new Thread(server::close, "sample-server-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdown);
        try {
            server.start();
        } catch (Exception e) {
            LoggerFactory.getLogger(SampleServerMain.class).error("The sample server could not start: {}", e.toString(), e);
            // Jetty's threads would keep the JVM (answering 503) alive: stop it with a failure status instead.
            System.exit(1);
        }
        server.join();
    }
}
