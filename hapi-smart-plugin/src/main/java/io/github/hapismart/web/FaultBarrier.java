package io.github.hapismart.web;

import io.github.hapismart.store.DatabaseFaults;
import jakarta.servlet.ServletConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wraps an endpoint so that a failure it did not expect still gets an OAuth-style JSON answer, never the
 * container's HTML error page or a stack trace: {@code 503 temporarily_unavailable} with {@code Retry-After} when the
 * database cannot be reached (logged as one WARN line), {@code 500 server_error} otherwise (logged at ERROR with its
 * stack trace, since it is a fault to fix).
 */
public final class FaultBarrier extends HttpServlet {

    /** Seconds a client is asked to wait before retrying while the database is unavailable. */
    public static final int RETRY_AFTER_SECONDS = 5;

    private static final Logger LOG = LoggerFactory.getLogger(FaultBarrier.class);

    private final HttpServlet endpoint;

    private FaultBarrier(HttpServlet endpoint) {
        this.endpoint = endpoint;
    }

    /** {@code endpoint}, behind the barrier. */
    public static HttpServlet wrap(HttpServlet endpoint) {
        return new FaultBarrier(endpoint);
    }

    @Override
    public void init(ServletConfig config) throws ServletException {
        super.init(config);
        endpoint.init(config);
    }

    @Override
    public void destroy() {
        endpoint.destroy();
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {
        try {
            endpoint.service(request, response);
        } catch (RuntimeException e) {
            OAuthError error;
            if (DatabaseFaults.isUnavailable(e)) {
                LOG.warn("{} {}: the database is unavailable ({})", request.getMethod(), request.getRequestURI(),
                        e.toString());
                error = new OAuthError("temporarily_unavailable",
                        "The database is unavailable; retry in " + RETRY_AFTER_SECONDS + " s", 503);
            } else {
                LOG.error("{} {} failed", request.getMethod(), request.getRequestURI(), e);
                error = new OAuthError("server_error", "The server could not complete the request", 500);
            }
            if (response.isCommitted()) {
                return; // part of the answer is out; the client sees a broken response, which is all that is left
            }
            response.reset();
            if (error.httpStatus() == 503) {
                response.setHeader("Retry-After", Integer.toString(RETRY_AFTER_SECONDS));
            }
            JsonResponses.writeError(response, error);
        }
    }
}
