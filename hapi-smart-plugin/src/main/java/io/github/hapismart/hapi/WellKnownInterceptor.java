package io.github.hapismart.hapi;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import io.github.hapismart.SmartAuthorizationServer;
import io.github.hapismart.web.JsonResponses;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Answers {@code [base]/.well-known/smart-configuration} and {@code [base]/.well-known/openid-configuration}
 * inside an unmodified HAPI server, before HAPI parses the request. The documents are public and do not depend on
 * the (costly) CapabilityStatement.
 */
@Interceptor
public final class WellKnownInterceptor {

    static final String SMART_CONFIGURATION = "/.well-known/smart-configuration";
    static final String OPENID_CONFIGURATION = "/.well-known/openid-configuration";

    private final Supplier<Map<String, Object>> smartConfiguration;
    private final Supplier<Map<String, Object>> openIdConfiguration;

    public WellKnownInterceptor(SmartAuthorizationServer server) {
        this(server::smartConfiguration, server::openIdConfiguration);
    }

    /**
     * Serves the given documents; a {@code null} {@code openIdConfiguration} leaves that path to the FHIR server
     * (resource-server mode: the OpenID provider is the external server, with its own document).
     */
    public WellKnownInterceptor(Supplier<Map<String, Object>> smartConfiguration,
                                Supplier<Map<String, Object>> openIdConfiguration) {
        this.smartConfiguration = smartConfiguration;
        this.openIdConfiguration = openIdConfiguration;
    }

    /** Returns false (request handled) for the two discovery documents, true for every other request. */
    @Hook(Pointcut.SERVER_INCOMING_REQUEST_PRE_PROCESSED)
    public boolean serveDiscovery(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getPathInfo();
        if (!SMART_CONFIGURATION.equals(path)
                && !(OPENID_CONFIGURATION.equals(path) && openIdConfiguration != null)) {
            return true;
        }
        if (!"GET".equals(request.getMethod()) && !"HEAD".equals(request.getMethod())) {
            response.setHeader("Allow", "GET, HEAD");
            response.sendError(HttpServletResponse.SC_METHOD_NOT_ALLOWED);
            return false;
        }
        response.setHeader("Cache-Control", "public, max-age=60");
        JsonResponses.write(response, HttpServletResponse.SC_OK, SMART_CONFIGURATION.equals(path)
                ? smartConfiguration.get() : openIdConfiguration.get());
        return false;
    }
}
