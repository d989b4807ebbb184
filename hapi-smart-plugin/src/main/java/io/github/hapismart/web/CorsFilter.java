package io.github.hapismart.web;

import io.github.hapismart.config.SmartSettings;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * CORS for browser-based SMART apps on the discovery documents, {@code /metadata}, the token endpoint and the
 * FHIR API. Origins come from {@link SmartSettings#corsAllowedOrigins()}; preflight requests are answered here.
 * No cookies are allowed cross-origin: SMART apps authenticate with bearer tokens. A request the host server answers
 * CORS for itself ({@link HostCors}) passes through untouched, so the host's policy applies to it as configured.
 */
public final class CorsFilter extends HttpFilter {

    private static final String ALLOWED_METHODS = "GET, POST, PUT, PATCH, DELETE, OPTIONS";
    private static final String ALLOWED_HEADERS =
            "Authorization, Content-Type, Accept, Prefer, If-Match, If-None-Match, If-None-Exist, X-Requested-With";
    private static final String EXPOSED_HEADERS = "Location, Content-Location, ETag, Last-Modified, WWW-Authenticate";

    private final SmartSettings settings;
    private final HostCors host;

    /** The plugin's policy on every request. */
    public CorsFilter(SmartSettings settings) {
        this(settings, HostCors.NONE);
    }

    /** The plugin's policy on every request that {@code host} does not answer itself. */
    public CorsFilter(SmartSettings settings, HostCors host) {
        this.settings = settings;
        this.host = host;
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String origin = request.getHeader("Origin");
        if (origin == null || host.answers(request, origin) || !settings.isOriginAllowed(origin)) {
            chain.doFilter(request, response);
            return;
        }
        response.setHeader("Access-Control-Allow-Origin", settings.corsAllowedOrigins().contains("*") ? "*" : origin);
        response.addHeader("Vary", "Origin");
        response.setHeader("Access-Control-Expose-Headers", EXPOSED_HEADERS);
        boolean preflight = "OPTIONS".equals(request.getMethod())
                && request.getHeader("Access-Control-Request-Method") != null;
        if (preflight) {
            response.setHeader("Access-Control-Allow-Methods", ALLOWED_METHODS);
            response.setHeader("Access-Control-Allow-Headers", ALLOWED_HEADERS);
            response.setHeader("Access-Control-Max-Age", "600");
            response.setStatus(HttpServletResponse.SC_NO_CONTENT);
            return;
        }
        chain.doFilter(request, response);
    }
}
