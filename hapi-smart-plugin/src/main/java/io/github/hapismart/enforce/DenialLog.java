package io.github.hapismart.enforce;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import io.github.hapismart.scope.AccessGrant;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs each refused FHIR request as one line: who (the token's client, user and patient, or the caller's address when
 * no valid token came), what (method, path and operation, never the query string, which may carry patient data) and
 * why (the answer's message, e.g. the rule that refused). A refusal is an expected outcome, not a fault: a 401, 403 or
 * 400 is logged at INFO, any other 4xx at DEBUG, and a 5xx not at all (HAPI logs faults at ERROR). The token itself is
 * never logged. Audit records of refusals are a separate concern.
 */
@Interceptor
public final class DenialLog {

    private static final Logger LOG = LoggerFactory.getLogger(DenialLog.class);

    /** Logs {@code exception}'s refusal of {@code request}; lets HAPI's exception handler answer as usual. */
    @Hook(value = Pointcut.SERVER_HANDLE_EXCEPTION, order = HookOrder.REPORT)
    public boolean log(RequestDetails request, HttpServletRequest servletRequest,
                       BaseServerResponseException exception) {
        int status = exception.getStatusCode();
        if (status < 400 || status >= 500) {
            return true;
        }
        boolean refusal = status == 400 || status == 401 || status == 403;
        if (refusal ? LOG.isInfoEnabled() : LOG.isDebugEnabled()) {
            String line = "FHIR request refused with " + status + ": " + servletRequest.getMethod() + " "
                    + oneLine(Optional.ofNullable(request.getRequestPath()).orElse("")) + " ("
                    + request.getRestOperationType() + ") by " + who(request, servletRequest) + ": "
                    + oneLine(String.valueOf(exception.getMessage()));
            if (refusal) {
                LOG.info(line);
            } else {
                LOG.debug(line);
            }
        }
        return true;
    }

    private static String who(RequestDetails request, HttpServletRequest servletRequest) {
        return EnforcementRequest.grantOf(request)
                .map(DenialLog::describe)
                .orElseGet(() -> "a caller without a valid token from " + servletRequest.getRemoteAddr());
    }

    private static String describe(AccessGrant grant) {
        return "client " + oneLine(grant.clientId()) + ", user " + oneLine(grant.fhirUser().orElse(grant.subject()))
                + grant.patient().map(patient -> ", patient " + oneLine(patient)).orElse("");
    }

    /** Keeps a value that may echo the request on one line, so that it cannot forge log lines. */
    private static String oneLine(String value) {
        String flat = value.replaceAll("[\\r\\n\\t]+", " ");
        return flat.length() > 300 ? flat.substring(0, 300) + "…" : flat;
    }
}
