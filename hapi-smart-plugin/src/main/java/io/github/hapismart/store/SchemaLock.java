package io.github.hapismart.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serializes schema creation across the nodes that share one PostgreSQL database: a session-level
 * {@code pg_advisory_lock} taken on a connection of its own and held until {@link #close()}. Two nodes starting at
 * once on an empty database then create tables (and whatever must exist once, such as the first signing keys) one
 * after the other, instead of racing; {@code CREATE TABLE IF NOT EXISTS} alone can still fail with a unique
 * violation in PostgreSQL's catalog when two sessions run it together. If the holder dies, PostgreSQL ends its
 * session and frees the lock. On any other database (H2 in file mode serves one process) it takes no lock.
 *
 * <p>Advisory locks belong to a session, not to a process: the same key taken again on another connection of the
 * same process waits for the first one. Nest only locks with different keys, always in the same order.
 */
public final class SchemaLock implements AutoCloseable {

    /** Held by {@link SmartDatabase#migrateThen} while it creates the plugin's tables and first rows ("SMART" 1). */
    public static final long PLUGIN_SCHEMA = 0x534D_4152_5401L;

    /**
     * For a host that creates its own schema (HAPI's {@code hibernate.hbm2ddl.auto}) and then installs the plugin:
     * hold this key around both ("SMART" 2). It differs from {@link #PLUGIN_SCHEMA}, which the plugin takes inside.
     */
    public static final long HOST_STARTUP = 0x534D_4152_5402L;

    private static final Logger LOG = LoggerFactory.getLogger(SchemaLock.class);

    private final Optional<Connection> connection;
    private final long key;

    private SchemaLock(Optional<Connection> connection, long key) {
        this.connection = connection;
        this.key = key;
    }

    /**
     * Takes the advisory lock {@code key} on a new connection from {@code dataSource}, waiting as long as another
     * node holds it; on a database other than PostgreSQL returns at once without a lock.
     */
    public static SchemaLock acquire(DataSource dataSource, long key) {
        Connection connection = null;
        try {
            connection = dataSource.getConnection();
            if (!isPostgres(connection)) {
                connection.close();
                return new SchemaLock(Optional.empty(), key);
            }
            connection.setAutoCommit(true);
            if (!call(connection, "SELECT pg_try_advisory_lock(?)", key)) {
                LOG.info("Waiting for another node to finish creating the schema (advisory lock {})", key);
                call(connection, "SELECT true FROM (SELECT pg_advisory_lock(?)) AS locked", key);
            }
            return new SchemaLock(Optional.of(connection), key);
        } catch (SQLException e) {
            closeQuietly(connection, e);
            throw new StoreException("Could not take the schema lock " + key, e);
        }
    }

    /** Whether a lock is held (false on databases that need none). */
    public boolean held() {
        return connection.isPresent();
    }

    /** Releases the lock and returns its connection; safe to call twice. */
    @Override
    public synchronized void close() {
        connection.ifPresent(c -> {
            try {
                if (!c.isClosed()) {
                    call(c, "SELECT pg_advisory_unlock(?)", key);
                }
            } catch (SQLException e) {
                // Closing the connection below ends the session, which frees the lock as well.
                LOG.warn("Could not release the schema lock {} explicitly", key, e);
            } finally {
                closeQuietly(c, null);
            }
        });
    }

    static boolean isPostgres(Connection connection) throws SQLException {
        return "PostgreSQL".equalsIgnoreCase(connection.getMetaData().getDatabaseProductName());
    }

    private static boolean call(Connection connection, String sql, long key) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setLong(1, key);
            try (ResultSet row = statement.executeQuery()) {
                return row.next() && row.getBoolean(1);
            }
        }
    }

    private static void closeQuietly(Connection connection, Exception cause) {
        if (connection == null) {
            return;
        }
        try {
            connection.close();
        } catch (SQLException e) {
            if (cause != null) {
                cause.addSuppressed(e);
            }
        }
    }
}
