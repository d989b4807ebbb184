package io.github.hapismart.sample;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/**
 * Serves the sample server's static pages (the demo SMART app) from the classpath folder
 * {@code io/github/hapismart/sample/static}. Only plain file names are served; no directory listing, no traversal.
 */
final class StaticFilesServlet extends HttpServlet {

    private static final String ROOT = "/io/github/hapismart/sample/static";
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8", "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8", "svg", "image/svg+xml", "json", "application/json");

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        if (path.endsWith("/")) {
            path = path + "index.html";
        }
        String extension = path.substring(path.lastIndexOf('.') + 1);
        if (path.contains("..") || !path.matches("[A-Za-z0-9_./-]+") || !TYPES.containsKey(extension)) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        try (InputStream in = StaticFilesServlet.class.getResourceAsStream(ROOT + path)) {
            if (in == null) {
                response.sendError(HttpServletResponse.SC_NOT_FOUND);
                return;
            }
            response.setContentType(TYPES.get(extension));
            response.setHeader("Cache-Control", "no-cache");
            response.setHeader("X-Content-Type-Options", "nosniff");
            in.transferTo(response.getOutputStream());
        }
    }
}
