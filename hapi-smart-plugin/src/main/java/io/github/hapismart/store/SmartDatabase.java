package io.github.hapismart.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import javax.sql.DataSource;

/**
 * The plugin's JDBC access: creates its tables (portable SQL for H2 and PostgreSQL) and runs
 * parameterised statements. Every repository in the plugin goes through this class.
 */
public final class SmartDatabase {

    private final DataSource dataSource;

    public SmartDatabase(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Creates any missing tables; safe to call at every start, and on several nodes at once. */
    public SmartDatabase migrate() {
        return migrateThen(() -> this);
    }

    /**
     * Creates any missing tables, then runs {@code bootstrap} (work that must happen once per database, as creating
     * the first signing keys), both under the {@link SchemaLock#PLUGIN_SCHEMA} lock: nodes that start together on
     * one PostgreSQL database do this one at a time, so the second finds the first one's tables and rows.
     */
    public <T> T migrateThen(Supplier<T> bootstrap) {
        try (SchemaLock lock = SchemaLock.acquire(dataSource, SchemaLock.PLUGIN_SCHEMA)) {
            for (String resource : List.of("schema.sql")) {
                for (String statement : statements(resource)) {
                    update(statement);
                }
            }
            return bootstrap.get();
        }
    }

    /** Maps one row of a result set. */
    @FunctionalInterface
    public interface RowMapper<T> {
        T map(ResultSet row) throws SQLException;
    }

    /** Runs an INSERT, UPDATE or DELETE and returns the number of rows changed. */
    public int update(String sql, Object... params) {
        try (Connection connection = dataSource.getConnection()) {
            return update(connection, sql, params);
        } catch (SQLException e) {
            throw new StoreException("No database connection for: " + firstLine(sql), e);
        }
    }

    /** Runs a query and maps every row. */
    public <T> List<T> query(String sql, RowMapper<T> mapper, Object... params) {
        try (Connection connection = dataSource.getConnection()) {
            return query(connection, sql, mapper, params);
        } catch (SQLException e) {
            throw new StoreException("No database connection for: " + firstLine(sql), e);
        }
    }

    /** Runs a query expected to match at most one row. */
    public <T> Optional<T> queryOne(String sql, RowMapper<T> mapper, Object... params) {
        return single(query(sql, mapper, params), sql);
    }

    /** Makes sure the lock row {@code name} exists, so that {@link Transaction#lock} can hold it. */
    public void ensureLock(String name) {
        if (queryOne("SELECT name FROM smart_lock WHERE name = ?", row -> row.getString(1), name).isPresent()) {
            return;
        }
        try {
            update("INSERT INTO smart_lock (name) VALUES (?)", name);
        } catch (StoreException e) {
            if (!isDuplicateKey(e)) { // another node inserted it at the same moment: it exists, which is all we need
                throw e;
            }
        }
    }

    /** Work done inside {@link #inTransaction}: every statement it runs commits together, or none does. */
    @FunctionalInterface
    public interface TransactionWork<T> {
        T run(Transaction transaction);
    }

    /**
     * Runs {@code work} in one database transaction on one connection and commits it before returning; if the work
     * throws, nothing it wrote is kept. Use it where two writes must never be seen (or survive a crash) apart, as
     * retiring a refresh token and storing its successor.
     */
    public <T> T inTransaction(TransactionWork<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try {
                T result = work.run(new Transaction(connection));
                connection.commit();
                return result;
            } catch (RuntimeException e) {
                rollback(connection, e);
                throw e;
            } finally {
                connection.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new StoreException("Transaction failed", e);
        }
    }

    /** The statements of one transaction, all on its connection; valid only inside {@link #inTransaction}. */
    public static final class Transaction {

        private final Connection connection;

        private Transaction(Connection connection) {
            this.connection = connection;
        }

        /** Runs an INSERT, UPDATE or DELETE in this transaction and returns the number of rows changed. */
        public int update(String sql, Object... params) {
            return SmartDatabase.update(connection, sql, params);
        }

        /** Runs a query in this transaction and maps every row. */
        public <T> List<T> query(String sql, RowMapper<T> mapper, Object... params) {
            return SmartDatabase.query(connection, sql, mapper, params);
        }

        /**
         * Holds the cluster-wide lock {@code name} until this transaction ends: another node (or thread) asking for
         * it waits. For work that must happen once however many nodes start at the same moment, such as making
         * the first signing keys. A row lock on {@code smart_lock}, so it works alike on H2 and PostgreSQL.
         */
        public void lock(String name) {
            if (query("SELECT name FROM smart_lock WHERE name = ? FOR UPDATE", row -> row.getString(1), name)
                    .isEmpty()) {
                throw new StoreException("No lock row " + name + " (call SmartDatabase.ensureLock first)", null);
            }
        }

        /** Runs a query in this transaction, expected to match at most one row. */
        public <T> Optional<T> queryOne(String sql, RowMapper<T> mapper, Object... params) {
            return single(query(sql, mapper, params), sql);
        }
    }

    private static int update(Connection connection, String sql, Object... params) {
        try (PreparedStatement statement = prepare(connection, sql, params)) {
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("Statement failed: " + firstLine(sql), e);
        }
    }

    private static <T> List<T> query(Connection connection, String sql, RowMapper<T> mapper, Object... params) {
        try (PreparedStatement statement = prepare(connection, sql, params);
             ResultSet rows = statement.executeQuery()) {
            List<T> result = new ArrayList<>();
            while (rows.next()) {
                result.add(mapper.map(rows));
            }
            return result;
        } catch (SQLException e) {
            throw new StoreException("Query failed: " + firstLine(sql), e);
        }
    }

    private static <T> Optional<T> single(List<T> rows, String sql) {
        if (rows.size() > 1) {
            throw new StoreException("Expected at most one row, got " + rows.size() + ": " + firstLine(sql), null);
        }
        return rows.stream().findFirst();
    }

    private static void rollback(Connection connection, RuntimeException cause) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    /** Whether an insert failed because the key already exists (portable across H2 and PostgreSQL). */
    public static boolean isDuplicateKey(StoreException e) {
        return e.getCause() instanceof SQLException sql && sql.getSQLState() != null
                && sql.getSQLState().startsWith("23");
    }

    private static PreparedStatement prepare(Connection connection, String sql, Object... params)
            throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        for (int i = 0; i < params.length; i++) {
            statement.setObject(i + 1, params[i]);
        }
        return statement;
    }

    private static List<String> statements(String resource) {
        try (InputStream in = SmartDatabase.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("Missing schema resource " + resource);
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            List<String> result = new ArrayList<>();
            StringBuilder current = new StringBuilder();
            for (String line : text.split("\n")) {
                if (line.strip().startsWith("--")) {
                    continue;
                }
                current.append(line).append('\n');
                if (line.strip().endsWith(";")) {
                    String sql = current.toString().strip();
                    result.add(sql.substring(0, sql.length() - 1));
                    current.setLength(0);
                }
            }
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String firstLine(String sql) {
        return sql.strip().lines().findFirst().orElse("");
    }

}
