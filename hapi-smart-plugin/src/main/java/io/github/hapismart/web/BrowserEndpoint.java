package io.github.hapismart.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Set;

/**
 * An endpoint a browser uses (the authorization pages, management, logout, an EHR's pages). {@link FaultBarrier}
 * answers a request it cannot take (parameters the container cannot read, a post that is not a form, a repeated
 * parameter) with this endpoint's HTML error page and a 4xx, never JSON and never a redirect: before the request is
 * read, neither its client nor its redirect URI can be trusted.
 */
public interface BrowserEndpoint {

    /** Answers with the endpoint's error page, status {@code status}, showing {@code message}. */
    void showError(HttpServletRequest request, HttpServletResponse response, int status, String message)
            throws IOException;

    /** The parameters this endpoint's forms may send more than once (checkboxes); any other is refused if repeated. */
    default Set<String> repeatableParameters() {
        return Set.of();
    }
}
