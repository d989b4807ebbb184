package io.github.hapismart.web;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * Keeps a connection honest when an answer goes out before the request's body was read (a refusal decided from the
 * headers alone: no token, a stale {@code If-Match}). The container then closes the connection after the answer, and,
 * when the answer is already complete, without saying so; a client that reuses the connection for its next request
 * gets no answer at all (seen in CI). Such an answer says {@code Connection: close}, so the client opens a new one.
 * The body is not read instead: a refusal should not wait for a slow or large upload.
 */
public final class UnreadBody {

    private UnreadBody() {
    }

    /** Adds {@code Connection: close} to {@code response} if {@code request} has a body not yet read to its end. */
    public static void closeIfUnread(HttpServletRequest request, HttpServletResponse response) {
        if (response.isCommitted() || !hasBody(request)) {
            return;
        }
        String type = String.valueOf(request.getContentType()).toLowerCase(Locale.ROOT);
        if (type.startsWith("application/x-www-form-urlencoded")) {
            // The container reads a form whole when its parameters are asked for (the barrier and HAPI ask before
            // any refusal), not through the input stream, whose isFinished() then stays false.
            try {
                request.getParameterMap();
            } catch (RuntimeException unreadable) {
                response.setHeader("Connection", "close");
            }
            return;
        }
        try {
            if (!request.getInputStream().isFinished()) {
                response.setHeader("Connection", "close");
            }
        } catch (IOException | IllegalStateException readAsCharacters) {
            // The endpoint took a Reader, or the stream failed: whether the body was read to its end is unknown.
            response.setHeader("Connection", "close");
        }
    }

    private static boolean hasBody(HttpServletRequest request) {
        return request.getContentLengthLong() > 0 || request.getHeader("Transfer-Encoding") != null;
    }

    /**
     * {@code response}, asking {@link #closeIfUnread} at the moment the endpoint starts its answer; {@code response}
     * itself for a request without a body.
     */
    static HttpServletResponse watching(HttpServletRequest request, HttpServletResponse response) {
        if (!hasBody(request)) {
            return response;
        }
        return new HttpServletResponseWrapper(response) {
            @Override
            public ServletOutputStream getOutputStream() throws IOException {
                closeIfUnread(request, response);
                return super.getOutputStream();
            }

            @Override
            public PrintWriter getWriter() throws IOException {
                closeIfUnread(request, response);
                return super.getWriter();
            }

            @Override
            public void sendError(int status, String message) throws IOException {
                closeIfUnread(request, response);
                super.sendError(status, message);
            }

            @Override
            public void sendError(int status) throws IOException {
                closeIfUnread(request, response);
                super.sendError(status);
            }

            @Override
            public void sendRedirect(String location) throws IOException {
                closeIfUnread(request, response);
                super.sendRedirect(location);
            }

            @Override
            public void flushBuffer() throws IOException {
                closeIfUnread(request, response);
                super.flushBuffer();
            }
        };
    }
}
