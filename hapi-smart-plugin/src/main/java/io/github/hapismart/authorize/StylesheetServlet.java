package io.github.hapismart.authorize;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Serves the pages' style sheet (inline styles would break the pages' {@code default-src 'self'} policy). */
public final class StylesheetServlet extends HttpServlet {

    private final byte[] css;

    public StylesheetServlet() {
        try (InputStream in = StylesheetServlet.class.getResourceAsStream("templates/smart.css")) {
            this.css = in == null ? new byte[0] : in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setContentType("text/css;charset=UTF-8");
        response.setHeader("Cache-Control", "public, max-age=3600");
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setContentLength(css.length);
        response.getOutputStream().write(css);
    }
}
