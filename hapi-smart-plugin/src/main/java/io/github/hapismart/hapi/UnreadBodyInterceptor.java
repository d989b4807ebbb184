package io.github.hapismart.hapi;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import io.github.hapismart.web.UnreadBody;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Makes a FHIR refusal of a request whose body was never read (a {@code POST} without a token) say
 * {@code Connection: close}, as {@link UnreadBody} explains; HAPI refuses such requests before it reads the body, and
 * the container would otherwise close the connection without telling the client.
 */
@Interceptor
public final class UnreadBodyInterceptor {

    /** Runs before HAPI writes the refusal; lets it answer as usual. */
    @Hook(Pointcut.SERVER_HANDLE_EXCEPTION)
    public boolean closeIfUnread(HttpServletRequest request, HttpServletResponse response) {
        UnreadBody.closeIfUnread(request, response);
        return true;
    }
}
