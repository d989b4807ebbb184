package io.github.hapismart.store;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.github.hapismart.keys.KeyProtector;
import io.github.hapismart.keys.SigningKeys;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nodes that start together on one empty database: the plugin's schema and first signing keys are created once,
 * because {@link SchemaLock} makes the second node wait for the first (on PostgreSQL; H2 serves one process).
 */
class SchemaLockTest {

    @RegisterExtension
    final StoreDatabases databases = new StoreDatabases();

    @TempDir
    Path keyFolder;

    private final ExecutorService threads = Executors.newFixedThreadPool(2);

    @org.junit.jupiter.api.AfterEach
    void stopThreads() {
        threads.shutdownNow();
    }

    /**
     * PostgreSQL only: H2 in file mode serves one process, which starts one server (two schema migrations racing
     * inside one JVM on H2 fail on {@code CREATE INDEX IF NOT EXISTS}, and no lock is taken there).
     */
    @Test
    void twoNodesStartingTogetherOnAnEmptyDatabaseMakeOneSetOfSigningKeys() throws Exception {
        DataSource first = databases.dataSource(DatabaseKind.POSTGRESQL);
        DataSource second = databases.secondNode(first);
        KeyProtector protector = KeyProtector.fromFile(keyFolder.resolve("kek"), new SecureRandom());
        CountDownLatch go = new CountDownLatch(1);
        List<Future<SigningKeys>> nodes = List.of(first, second).stream().map(dataSource -> threads.submit(() -> {
            SmartDatabase db = new SmartDatabase(dataSource);
            go.await();
            return db.migrateThen(() -> new SigningKeys(db, protector, Clock.systemUTC()));
        })).toList();
        go.countDown();
        for (Future<SigningKeys> node : nodes) {
            node.get(60, TimeUnit.SECONDS);
        }
        assertEquals(3L, new SmartDatabase(first)
                .queryOne("SELECT count(*) FROM smart_signing_key", row -> row.getLong(1)).orElseThrow());
    }

    @Test
    void aSecondNodeWaitsUntilTheFirstReleasesTheSchemaLock() throws Exception {
        DataSource first = databases.dataSource(DatabaseKind.POSTGRESQL);
        DataSource second = databases.secondNode(first);
        CompletableFuture<SchemaLock> secondLock;
        try (SchemaLock firstLock = SchemaLock.acquire(first, SchemaLock.PLUGIN_SCHEMA)) {
            secondLock = CompletableFuture.supplyAsync(() -> SchemaLock.acquire(second, SchemaLock.PLUGIN_SCHEMA),
                    threads);
            awaitWaitingAdvisoryLock(first);
        }
        try (SchemaLock acquired = secondLock.get(30, TimeUnit.SECONDS)) {
            assertEquals(true, acquired.held());
        }
    }

    @Test
    void onH2TheSchemaLockHoldsNothing() {
        try (SchemaLock lock = SchemaLock.acquire(databases.dataSource(DatabaseKind.H2), SchemaLock.PLUGIN_SCHEMA)) {
            assertFalse(lock.held());
        }
    }

    /** Waits until PostgreSQL shows a session waiting for an advisory lock (the second node blocked). */
    private static void awaitWaitingAdvisoryLock(DataSource dataSource) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            await("a session waiting for the schema lock").atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(20)).until(() -> {
                        try (ResultSet row = statement.executeQuery(
                                "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted")) {
                            row.next();
                            return row.getLong(1) == 1;
                        }
                    });
        }
    }
}
