package io.github.hapismart.hapi;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import io.github.hapismart.SmartAuthorizationServer;
import io.github.hapismart.web.JsonResponses;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Answers {@code [base]/.well-known/smart-configuration} and {@code [base]/.well-known/openid-configuration}
 * inside an unmodified HAPI server, before HAPI parses the request. The documents are public and do not depend on
 * the (costly) CapabilityStatement.
 */
@Interceptor
public final class WellKnownInterceptor {

    static final String SMART_CONFIGURATION = "/.well-known/smart-configuration";
    static final String OPENID_CONFIGURATION = "/.well-known/openid-configuration";

    private final SmartAuthorizationServer server;

    public WellKnownInterceptor(SmartAuthorizationServer server) {
        this.server = server;
    }

    /** Returns false (request handled) for the two discovery documents, true for every other request. */
    @Hook(Pointcut.SERVER_INCOMING_REQUEST_PRE_PROCESSED)
    public boolean serveDiscovery(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getPathInfo();
        if (!SMART_CONFIGURATION.equals(path) && !OPENID_CONFIGURATION.equals(path)) {
            return true;
        }
        if (!"GET".equals(request.getMethod()) && !"HEAD".equals(request.getMethod())) {
            response.setHeader("Allow", "GET, HEAD");
            response.sendError(HttpServletResponse.SC_METHOD_NOT_ALLOWED);
            return false;
        }
        response.setHeader("Cache-Control", "public, max-age=60");
        JsonResponses.write(response, HttpServletResponse.SC_OK, SMART_CONFIGURATION.equals(path)
                ? server.smartConfiguration() : server.openIdConfiguration());
        return false;
    }
}
