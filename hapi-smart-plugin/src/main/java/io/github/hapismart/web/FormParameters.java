package io.github.hapismart.web;

import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads a request's parameters as single values, refusing repeated ones (RFC 6749 section 3.1). Endpoints use
 * {@link OAuthForm}, which adds the content-type check; the authorization pages use this directly.
 */
public final class FormParameters {

    private FormParameters() {
    }

    /** The request's parameters (query and form body) as name → single value. */
    public static Map<String, String> single(HttpServletRequest request) {
        Map<String, String> result = new LinkedHashMap<>();
        for (Map.Entry<String, String[]> entry : request.getParameterMap().entrySet()) {
            if (entry.getValue().length > 1) {
                throw OAuthError.invalidRequest("Parameter " + entry.getKey() + " is repeated").exception();
            }
            result.put(entry.getKey(), entry.getValue()[0]);
        }
        return result;
    }
}
