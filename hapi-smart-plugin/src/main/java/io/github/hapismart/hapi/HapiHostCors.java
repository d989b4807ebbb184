package io.github.hapismart.hapi;

import ca.uhn.fhir.rest.server.RestfulServer;
import ca.uhn.fhir.rest.server.interceptor.CorsInterceptor;
import io.github.hapismart.config.CorsMode;
import io.github.hapismart.web.HostCors;
import jakarta.servlet.ServletConfig;
import jakarta.servlet.http.HttpServletMapping;
import jakarta.servlet.http.HttpServletRequest;

/**
 * The host's CORS on the FHIR API, as {@link CorsMode} says: a request the container maps to the plugin's
 * {@link RestfulServer} is left to the host in {@code HOST} mode, and in {@code MERGE} mode when a HAPI
 * {@link CorsInterceptor} registered on that server allows the origin. Every other request (the {@code /auth}
 * endpoints, other servlets) gets the plugin's policy. The interceptors are looked up per cross-origin request, so one
 * registered after the plugin (in {@code RestfulServer.initialize()}, say) counts too.
 */
final class HapiHostCors implements HostCors {

    private final RestfulServer fhirServer;
    private final CorsMode mode;

    HapiHostCors(RestfulServer fhirServer, CorsMode mode) {
        this.fhirServer = fhirServer;
        this.mode = mode;
    }

    @Override
    public boolean answers(HttpServletRequest request, String origin) {
        if (mode == CorsMode.PLUGIN || !toFhirServlet(request)) {
            return false;
        }
        return mode == CorsMode.HOST || hostAllows(origin);
    }

    private boolean toFhirServlet(HttpServletRequest request) {
        // Not initialised yet means the container cannot have mapped this request to it.
        ServletConfig config = fhirServer.getServletConfig();
        HttpServletMapping mapping = request.getHttpServletMapping();
        return config != null && mapping != null && config.getServletName().equals(mapping.getServletName());
    }

    private boolean hostAllows(String origin) {
        for (Object interceptor : fhirServer.getInterceptorService().getAllRegisteredInterceptors()) {
            if (interceptor instanceof CorsInterceptor cors && SpringCors.allows(cors, origin)) {
                return true;
            }
        }
        return false;
    }

    /** Kept apart so that spring-web, which HAPI's CorsInterceptor needs anyway, is loaded only when one exists. */
    private static final class SpringCors {
        static boolean allows(CorsInterceptor cors, String origin) {
            return cors.getConfig() != null && cors.getConfig().checkOrigin(origin) != null;
        }
    }
}
