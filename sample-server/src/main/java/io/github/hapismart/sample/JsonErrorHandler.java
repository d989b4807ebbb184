package io.github.hapismart.sample;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.ee10.servlet.ErrorHandler;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;

/**
 * The container's error answers (an unknown path, a request Jetty refuses, a failure no endpoint caught) as JSON,
 * never as Jetty's HTML page and never with a stack trace: an OperationOutcome under {@code /fhir}, an OAuth-style
 * error elsewhere.
 */
final class JsonErrorHandler extends ErrorHandler {

    JsonErrorHandler() {
        setShowStacks(false);
        setShowServlet(false);
    }

    @Override
    protected void generateAcceptableResponse(ServletContextRequest baseRequest, HttpServletRequest request,
                                              HttpServletResponse response, int code, String message)
            throws IOException {
        String reason = message == null || message.isBlank() ? "HTTP " + code : message;
        String escaped = reason.replace("\\", "\\\\").replace("\"", "\\\"").replaceAll("[\\r\\n\\t]", " ");
        boolean fhir = request.getRequestURI() != null && request.getRequestURI().startsWith("/fhir");
        String body = fhir
                ? "{\"resourceType\":\"OperationOutcome\",\"issue\":[{\"severity\":\"error\",\"code\":\""
                        + (code >= 500 ? "exception" : "processing") + "\",\"diagnostics\":\"" + escaped + "\"}]}"
                : "{\"error\":\"" + (code >= 500 ? "server_error" : "invalid_request") + "\",\"error_description\":\""
                        + escaped + "\"}";
        response.setContentType(fhir ? "application/fhir+json" : "application/json");
        response.setCharacterEncoding("UTF-8");
        response.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
    }
}
