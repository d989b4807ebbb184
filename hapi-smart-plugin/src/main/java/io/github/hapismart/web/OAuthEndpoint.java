package io.github.hapismart.web;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The frame of every OAuth endpoint that answers JSON to {@code POST}: {@code OPTIONS} gets {@code 204}, other
 * methods (TRACE included) {@code 405}, both with {@code Allow: POST, OPTIONS}; an {@link OAuthException} thrown from {@link #post} is rendered in one place, as JSON with
 * no-store headers, with the endpoint's {@link AuthChallenge} on a 401. Failures it does not expect are left to
 * {@link FaultBarrier}, which wraps every {@code /auth} servlet.
 */
public abstract class OAuthEndpoint extends HttpServlet {

    private static final Logger LOG = LoggerFactory.getLogger(OAuthEndpoint.class);

    private final AuthChallenge challenge;

    protected OAuthEndpoint(AuthChallenge challenge) {
        this.challenge = challenge;
    }

    /** This endpoint's own step: read the request, answer it, or throw an {@link OAuthException}. */
    protected abstract void post(HttpServletRequest request, HttpServletResponse response) throws IOException;

    @Override
    protected final void service(HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        switch (request.getMethod()) {
            case "POST" -> answer(request, response);
            case "OPTIONS" -> {
                // A CORS preflight from an allowed origin is answered by CorsFilter before it gets here.
                response.setHeader("Allow", "POST, OPTIONS");
                response.setStatus(HttpServletResponse.SC_NO_CONTENT);
            }
            default -> {
                response.setHeader("Allow", "POST, OPTIONS");
                JsonResponses.writeError(response, new OAuthError("invalid_request", "Use POST", 405));
            }
        }
    }

    private void answer(HttpServletRequest request, HttpServletResponse response) throws IOException {
        try {
            post(request, response);
        } catch (OAuthException e) {
            if (e.error().httpStatus() == HttpServletResponse.SC_UNAUTHORIZED) {
                response.setHeader("WWW-Authenticate", challenge.header(request));
            }
            LOG.debug("{} refused: {}", request.getRequestURI(), e.getMessage());
            JsonResponses.writeError(response, e.error());
        }
    }
}
