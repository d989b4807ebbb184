package io.github.hapismart.sample;

/** Command-line entry point: starts the sample server and blocks until it is stopped. */
public final class SampleServerMain {

    private SampleServerMain() {
    }

    public static void main(String[] args) throws Exception {
        SampleServer server = new SampleServer(SampleServerOptions.fromEnvironment(args));
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "sample-server-shutdown"));
        server.start();
        server.join();
    }
}
