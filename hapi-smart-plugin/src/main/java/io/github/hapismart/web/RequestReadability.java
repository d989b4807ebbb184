package io.github.hapismart.web;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Why the container cannot hand a request's parameters to an endpoint, if it cannot: malformed percent-encoding in
 * the query or a form body, or a form body over the container's size limit (Jetty then throws from
 * {@code getParameterMap}, which an endpoint would report as its own fault); and, for a {@link BrowserEndpoint}, a post
 * that is not a form or a parameter sent twice. Asked once by {@link FaultBarrier} before the endpoint runs.
 */
final class RequestReadability {

    private RequestReadability() {
    }

    /** The client's mistake in {@code request} for {@code endpoint}, as a sentence, or empty if there is none. */
    static Optional<String> problem(HttpServletRequest request, Object endpoint) {
        Map<String, String[]> parameters;
        try {
            parameters = request.getParameterMap();
        } catch (RuntimeException unreadable) {
            return Optional.of("The request's parameters cannot be read: malformed percent-encoding, or a form body"
                    + " over the size limit (" + containerReason(unreadable) + ")");
        }
        if (!(endpoint instanceof BrowserEndpoint browser)) {
            return Optional.empty(); // the JSON endpoints check content types and repeats themselves (OAuthForm)
        }
        if ("POST".equals(request.getMethod()) && !isForm(request.getContentType())) {
            return Optional.of("A form must be posted as application/x-www-form-urlencoded");
        }
        return parameters.entrySet().stream()
                .filter(e -> e.getValue().length > 1 && !browser.repeatableParameters().contains(e.getKey()))
                .findFirst()
                .map(e -> "Parameter " + e.getKey() + " is repeated");
    }

    /** The container's own words, innermost cause first, on one short line (they may echo the request). */
    private static String containerReason(Throwable unreadable) {
        Throwable cause = unreadable;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        String reason = String.valueOf(cause.getMessage()).replaceAll("[\\p{Cntrl}]+", " ");
        return reason.length() > 120 ? reason.substring(0, 120) + "…" : reason;
    }

    private static boolean isForm(String contentType) {
        if (contentType == null) {
            return false;
        }
        String type = contentType.toLowerCase(Locale.ROOT);
        return type.startsWith("application/x-www-form-urlencoded") || type.startsWith("multipart/form-data");
    }
}
