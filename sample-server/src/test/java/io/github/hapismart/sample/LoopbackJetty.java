package io.github.hapismart.sample;

import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/** A real Jetty on 127.0.0.1 and a free port, serving one servlet context: for tests of the sample server's filters. */
final class LoopbackJetty implements AutoCloseable {

    private final Server server = new Server();
    private final String root;

    /** Starts Jetty with {@code context} as its handler. */
    LoopbackJetty(ServletContextHandler context) throws Exception {
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        server.setHandler(context);
        server.start();
        root = "http://127.0.0.1:" + connector.getLocalPort();
    }

    /** {@code http://127.0.0.1:<port>}, without a trailing slash. */
    String root() {
        return root;
    }

    Server server() {
        return server;
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
