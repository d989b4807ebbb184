package io.github.hapismart.hapi;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import io.github.hapismart.enforce.HookOrder;
import java.util.Arrays;

/**
 * Answers a FHIR request whose parameters cannot be read with a 400 OperationOutcome instead of HAPI's 500 and ERROR
 * with a stack trace. HAPI decodes the query string itself (an {@code IllegalArgumentException} from
 * {@code URLDecoder} on {@code %ZZ}) and asks the container for a form body's parameters (Jetty's
 * {@code BadMessageException}, with a 4xx, on malformed percent-encoding or a body over its limit), before any hook
 * that could check them runs; so this recognises those two failures when HAPI is about to answer them, and leaves
 * every other failure alone.
 */
@Interceptor
public final class UnreadableRequestInterceptor {

    static final String MESSAGE = "The request's parameters cannot be read: malformed percent-encoding, or a form"
            + " body over the size limit";

    /** A 400 for an unreadable request; null (HAPI carries on as before) for anything else. */
    @Hook(value = Pointcut.SERVER_PRE_PROCESS_OUTGOING_EXCEPTION, order = HookOrder.CLASSIFY)
    public BaseServerResponseException classify(Throwable failure) {
        return failure instanceof BaseServerResponseException || !isUnreadableRequest(failure)
                ? null
                : new InvalidRequestException(MESSAGE);
    }

    static boolean isUnreadableRequest(Throwable failure) {
        if (failure instanceof IllegalArgumentException) {
            StackTraceElement[] frames = failure.getStackTrace();
            return frames.length > 0 && frames[0].getClassName().equals("java.net.URLDecoder")
                    && Arrays.stream(frames).anyMatch(f -> f.getClassName().equals("ca.uhn.fhir.util.UrlUtil"));
        }
        // Jetty's BadMessageException (named, not imported: the plugin does not depend on Jetty) with a 4xx.
        return failure.getClass().getName().equals("org.eclipse.jetty.http.BadMessageException")
                && String.valueOf(failure.getMessage()).startsWith("4");
    }
}
