package io.github.hapismart.store;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;

/**
 * Tells a database that cannot be reached (down, restarting, pool exhausted) from every other failure, so that the
 * endpoints can answer 503 with {@code Retry-After} — the request may succeed later, unchanged — instead of a 500.
 */
public final class DatabaseFaults {

    private DatabaseFaults() {
    }

    /**
     * Whether {@code failure}, or anything in its cause chain, says the database could not be reached: a JDBC
     * connection exception (SQLState class {@code 08}), PostgreSQL's "shutting down" or "cannot connect now"
     * ({@code 57P01}-{@code 57P03}), a pool that could not hand out a connection in time, a pooled connection the
     * database has closed, or a refused socket.
     */
    public static boolean isUnavailable(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof SQLTransientConnectionException || cause instanceof SQLNonTransientConnectionException
                    || cause instanceof ConnectException) {
                return true;
            }
            if (cause instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P0"))) {
                return true;
            }
            // HikariCP's connection after the database dropped it: no SQLState. Seen as the cause of HAPI's
            // "Unable to rollback against JDBC Connection" on the first request after PostgreSQL stopped.
            if (cause instanceof SQLException sql && sql.getSQLState() == null
                    && "Connection is closed".equals(sql.getMessage())) {
                return true;
            }
        }
        return false;
    }
}
