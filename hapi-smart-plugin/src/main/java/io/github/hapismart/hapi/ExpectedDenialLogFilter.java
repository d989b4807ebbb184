package io.github.hapismart.hapi;

import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import org.slf4j.LoggerFactory;
import org.slf4j.Marker;

/**
 * Keeps HAPI from logging an expected refusal as a fault. HAPI's interceptor service logs every exception a hook
 * throws at ERROR with its stack trace, and its exception handler adds a WARN for every 4xx; so each 401 for a bad
 * token, 403 from a scope rule or 400 for a refused parameter left an ERROR, a stack trace and a WARN. This logback
 * filter drops exactly those two lines for client errors (status below 500); the enforcement's {@code DenialLog}
 * logs the refusal instead, as one line at INFO. Faults stay untouched: a hook that throws anything else, or a 5xx,
 * is still logged at ERROR with its stack trace.
 *
 * <p>{@link SmartOnFhirPlugin} adds it to logback's context when logback is the SLF4J backend (see
 * {@link #install()}); a logback configuration may also declare it
 * ({@code <turboFilter class="io.github.hapismart.hapi.ExpectedDenialLogFilter"/>}).
 */
public final class ExpectedDenialLogFilter extends TurboFilter {

    static final String INTERCEPTOR_SERVICE = "ca.uhn.fhir.interceptor.executor.BaseInterceptorService";
    static final String EXCEPTION_HANDLER = "ca.uhn.fhir.rest.server.interceptor.ExceptionHandlingInterceptor";
    /** The exception handler's format for a 4xx (a 5xx is logged with another format and its stack trace). */
    static final String CLIENT_ERROR_FORMAT = "Failure during REST processing: {}";

    public ExpectedDenialLogFilter() {
        setName(ExpectedDenialLogFilter.class.getSimpleName());
    }

    @Override
    public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params,
                              Throwable thrown) {
        if (level == Level.ERROR && INTERCEPTOR_SERVICE.equals(logger.getName())
                && isClientError(thrown != null ? thrown : lastThrowable(params))) {
            return FilterReply.DENY;
        }
        if (level == Level.WARN && EXCEPTION_HANDLER.equals(logger.getName()) && CLIENT_ERROR_FORMAT.equals(format)) {
            return FilterReply.DENY;
        }
        return FilterReply.NEUTRAL;
    }

    private static Throwable lastThrowable(Object[] params) {
        return params != null && params.length > 0 && params[params.length - 1] instanceof Throwable t ? t : null;
    }

    private static boolean isClientError(Throwable thrown) {
        return thrown instanceof BaseServerResponseException e && e.getStatusCode() >= 400 && e.getStatusCode() < 500;
    }

    /**
     * Adds the filter to logback's context unless it is there already. Call only where logback is the SLF4J backend
     * (the plugin does not need logback, and this class cannot load without it).
     */
    static void install() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        synchronized (context) {
            if (context.getTurboFilterList().stream().noneMatch(ExpectedDenialLogFilter.class::isInstance)) {
                ExpectedDenialLogFilter filter = new ExpectedDenialLogFilter();
                filter.setContext(context);
                filter.start();
                context.addTurboFilter(filter);
            }
        }
    }
}
