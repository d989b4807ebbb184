package io.github.hapismart.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.Optional;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The deferred flush on a real Jetty: a servlet that flushes after each small piece, as HAPI's JSON writer does,
 * has its answer sent whole at the end (Jetty then knows the length), and every byte still arrives.
 */
class DeferredFlushFilterTest {

    private static final String PIECE = "{\"value\":1.5},";

    private final HttpClient http = HttpClient.newHttpClient();
    private LoopbackJetty jetty;
    private String root;

    @BeforeEach
    void start() throws Exception {
        ServletContextHandler context = new ServletContextHandler();
        context.addServlet(new ServletHolder("writer", new HttpServlet() {
            @Override
            protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
                PrintWriter writer = response.getWriter();
                for (int i = 0; i < pieces(request); i++) {
                    writer.write(PIECE);
                    writer.flush();
                }
                writer.close();
            }
        }), "/writer/*");
        context.addServlet(new ServletHolder("stream", new HttpServlet() {
            @Override
            protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
                OutputStream stream = response.getOutputStream();
                for (int i = 0; i < pieces(request); i++) {
                    stream.write(PIECE.getBytes(StandardCharsets.UTF_8));
                    stream.flush();
                }
            }
        }), "/stream/*");
        context.addServlet(new ServletHolder("unfiltered", new HttpServlet() {
            @Override
            protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
                response.getWriter().write(PIECE);
                response.getWriter().flush();
                response.getWriter().write(PIECE);
            }
        }), "/unfiltered/*");
        context.addFilter(new FilterHolder(new DeferredFlushFilter()), "/writer/*", EnumSet.of(DispatcherType.REQUEST));
        context.addFilter(new FilterHolder(new DeferredFlushFilter()), "/stream/*", EnumSet.of(DispatcherType.REQUEST));
        jetty = new LoopbackJetty(context);
        root = jetty.root();
    }

    private static int pieces(HttpServletRequest request) {
        return Integer.parseInt(request.getParameter("pieces"));
    }

    @AfterEach
    void stop() throws Exception {
        jetty.close();
    }

    @Test
    void aWriterFlushedAfterEachPieceIsSentWholeAtTheEnd() throws Exception {
        HttpResponse<String> response = get("/writer/x?pieces=100");

        assertEquals(Optional.of(String.valueOf(100 * PIECE.length())), response.headers().firstValue("Content-Length"));
        assertEquals(PIECE.repeat(100), response.body());
    }

    @Test
    void aStreamFlushedAfterEachPieceIsSentWholeAtTheEnd() throws Exception {
        HttpResponse<String> response = get("/stream/x?pieces=100");

        assertEquals(Optional.of(String.valueOf(100 * PIECE.length())), response.headers().firstValue("Content-Length"));
        assertEquals(PIECE.repeat(100), response.body());
    }

    @Test
    void withoutTheFilterJettySendsAtTheFirstFlushSoTheLengthIsUnknown() throws Exception {
        HttpResponse<String> response = get("/unfiltered/x");

        assertEquals(Optional.empty(), response.headers().firstValue("Content-Length"));
        assertEquals(PIECE.repeat(2), response.body());
    }

    @Test
    void anAnswerLargerThanJettysBufferArrivesWhole() throws Exception {
        HttpResponse<String> response = get("/writer/x?pieces=50000"); // 700 KB, many times Jetty's buffer

        assertEquals(PIECE.repeat(50_000), response.body());
    }

    private HttpResponse<String> get(String path) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(root + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), path);
        return response;
    }
}
