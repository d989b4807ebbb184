package io.github.hapismart.hapi;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import io.github.hapismart.store.DatabaseFaults;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers a FHIR request that failed because the database could not be reached — in HAPI JPA or in the plugin's
 * token checks — with {@code 503} and {@code Retry-After} and an OperationOutcome saying so, instead of a 500: the
 * same request can succeed once the database is back, which the server notices by itself (its pool reconnects).
 * Every other failure is left to HAPI.
 */
final class DatabaseUnavailableInterceptor {

    /** Seconds a client is asked to wait before retrying. */
    static final int RETRY_AFTER_SECONDS = 5;

    private static final Logger LOG = LoggerFactory.getLogger(DatabaseUnavailableInterceptor.class);

    /** 503 Service Unavailable, which HAPI has no exception class for. */
    static final class DatabaseUnavailableException extends BaseServerResponseException {
        private static final long serialVersionUID = 1L;

        DatabaseUnavailableException() {
            super(503, "The database is unavailable; retry in " + RETRY_AFTER_SECONDS + " s");
            addResponseHeader("Retry-After", Integer.toString(RETRY_AFTER_SECONDS));
        }

        /** No stack trace: HAPI logs every 5xx with its exception, and the cause was logged in one line already. */
        @Override
        public synchronized Throwable fillInStackTrace() {
            return this;
        }
    }

    @Hook(Pointcut.SERVER_PRE_PROCESS_OUTGOING_EXCEPTION)
    public BaseServerResponseException databaseUnavailable(RequestDetails request, Throwable failure) {
        if (!DatabaseFaults.isUnavailable(failure)) {
            return null; // not ours: HAPI's own handling
        }
        LOG.warn("{} {}: the database is unavailable ({})", request.getRequestType(), request.getCompleteUrl(),
                rootCause(failure));
        return new DatabaseUnavailableException();
    }

    private static String rootCause(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.toString();
    }
}
