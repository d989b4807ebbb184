package io.github.hapismart.web;

import io.github.hapismart.store.DatabaseFaults;
import jakarta.servlet.ServletConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wraps an endpoint so that a request it cannot take and a failure it did not expect still get a clean answer, never
 * the container's error page or a stack trace. A request whose parameters the container cannot read (or, for a
 * {@link BrowserEndpoint}, a post that is not a form or a repeated parameter) is the client's mistake: {@code 400},
 * as the endpoint's HTML error page for a browser endpoint and as {@code invalid_request} JSON otherwise, logged as
 * one INFO line, and the endpoint never runs. A failure is answered as JSON (or the browser endpoint's page): {@code 503 temporarily_unavailable} with {@code Retry-After} when the
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
    protected void service(HttpServletRequest request, HttpServletResponse servletResponse)
            throws ServletException, IOException {
        HttpServletResponse response = UnreadBody.watching(request, servletResponse);
        Optional<String> problem = RequestReadability.problem(request, endpoint);
        if (problem.isPresent()) {
            LOG.info("{} {} refused with 400: {}", request.getMethod(), request.getRequestURI(), problem.get());
            answer(request, response, OAuthError.invalidRequest(problem.get()));
            return;
        }
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
            answer(request, response, error);
        }
    }

    private void answer(HttpServletRequest request, HttpServletResponse response, OAuthError error)
            throws IOException {
        if (endpoint instanceof BrowserEndpoint browser) {
            browser.showError(request, response, error.httpStatus(), error.description());
        } else {
            JsonResponses.writeError(response, error);
        }
    }
}
