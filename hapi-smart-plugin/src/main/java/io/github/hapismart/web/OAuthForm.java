package io.github.hapismart.web;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The single-valued parameters of an OAuth form request, read once at the edge. Reading guarantees an
 * {@code application/x-www-form-urlencoded} body and no repeated parameter (RFC 6749 section 3.1: "Request and
 * response parameters MUST NOT be included more than once"); with {@link Source#BODY}, also no parameter in the URL.
 */
public record OAuthForm(Map<String, String> values) {

    /** Where the endpoint accepts parameters. */
    public enum Source {
        /** Only the form body (the token endpoint: secrets must not end up in URLs and their logs). */
        BODY,
        /** The form body and the query string. */
        BODY_OR_QUERY
    }

    public OAuthForm {
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /** The request's parameters; throws {@code invalid_request} when the request breaks the rules above. */
    public static OAuthForm read(HttpServletRequest request, Source source) {
        if (!isForm(request)) {
            throw OAuthError.invalidRequest("The request must be application/x-www-form-urlencoded").exception();
        }
        if (source == Source.BODY && request.getQueryString() != null && !request.getQueryString().isEmpty()) {
            throw OAuthError.invalidRequest("Request parameters belong in the body, not the URL").exception();
        }
        return new OAuthForm(FormParameters.single(request));
    }

    /** Whether the request body is a form. */
    public static boolean isForm(HttpServletRequest request) {
        String type = request.getContentType();
        return type != null && type.toLowerCase().startsWith("application/x-www-form-urlencoded");
    }

    /** The value of {@code name} as sent (possibly empty), or null. */
    public String get(String name) {
        return values.get(name);
    }

    /** The value of {@code name}, stripped; empty when absent or blank. */
    public Optional<String> optional(String name) {
        return Optional.ofNullable(values.get(name)).map(String::strip).filter(s -> !s.isEmpty());
    }

    /** The value of {@code name}; {@code invalid_request} when it is absent or empty. */
    public String required(String name) {
        String value = values.get(name);
        if (value == null || value.isEmpty()) {
            throw OAuthError.invalidRequest("Missing parameter " + name).exception();
        }
        return value;
    }
}
