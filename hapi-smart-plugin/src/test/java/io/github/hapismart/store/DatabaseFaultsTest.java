package io.github.hapismart.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Which failures mean "the database cannot be reached" (answered 503) and which do not (left to be a 500). */
class DatabaseFaultsTest {

    static Stream<Arguments> failures() {
        return Stream.of(
                Arguments.of("pool timeout", new SQLTransientConnectionException("timed out"), true),
                Arguments.of("refused socket, wrapped", new RuntimeException(new ConnectException("refused")), true),
                Arguments.of("connection failure 08006", new SQLException("I/O error", "08006"), true),
                Arguments.of("admin shutdown 57P01", new SQLException("terminating", "57P01"), true),
                Arguments.of("HikariCP closed connection under a rollback failure",
                        new IllegalStateException("Unable to rollback", new SQLException("Connection is closed")),
                        true),
                Arguments.of("unique violation 23505", new SQLException("duplicate", "23505"), false),
                Arguments.of("syntax error 42601", new SQLException("syntax", "42601"), false),
                Arguments.of("no SQL at all", new IllegalArgumentException("bad input"), false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("failures")
    void tellsAnUnreachableDatabaseFromOtherFailures(String name, Throwable failure, boolean unavailable) {
        assertEquals(unavailable, DatabaseFaults.isUnavailable(failure));
    }
}
