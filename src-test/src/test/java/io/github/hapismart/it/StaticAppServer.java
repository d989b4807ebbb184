package io.github.hapismart.it;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Serves the fhirclient test app (src-test/js/fhirclient-app) and SMART's fhirclient browser bundle, unchanged from
 * npm, on a loopback port of its own: a separate origin from the FHIR server, as a real SMART app is.
 */
public final class StaticAppServer implements AutoCloseable {

    private final HttpServer server;

    public StaticAppServer() {
        Path app = NodeScript.JS_DIR.resolve("fhirclient-app");
        Path library = NodeScript.JS_DIR.resolve("node_modules/fhirclient/build/fhir-client.js");
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/app/", exchange -> {
            String name = exchange.getRequestURI().getPath().substring("/app/".length());
            Path file = name.equals("fhir-client.js") ? library : app.resolve(name).normalize();
            if (!file.startsWith(app) && !file.equals(library) || !Files.isRegularFile(file)) {
                exchange.sendResponseHeaders(404, -1);
                exchange.close();
                return;
            }
            byte[] body = Files.readAllBytes(file);
            exchange.getResponseHeaders().set("Content-Type",
                    name.endsWith(".js") ? "text/javascript; charset=utf-8" : "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    /** The app's base URL, e.g. {@code http://localhost:PORT/app/}. */
    public String appUrl() {
        return "http://localhost:" + server.getAddress().getPort() + "/app/";
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
