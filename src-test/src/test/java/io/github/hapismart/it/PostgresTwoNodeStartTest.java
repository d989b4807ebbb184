package io.github.hapismart.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.hapismart.sample.SampleServerOptions;
import io.github.hapismart.store.SmartDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Two sample servers (two {@code SampleServer} instances in this JVM, each with its own Spring context, pool and
 * port) started at the same moment on one empty PostgreSQL database, as two nodes of a cluster would be. The start-up
 * schema lock makes one create the schema, load the demo data and make the signing keys while the other waits; both
 * then serve. Both nodes share the key-encryption key, as every node of a cluster must.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostgresTwoNodeStartTest {

    private final List<SampleServerFixture> nodes = new ArrayList<>();

    @BeforeAll
    void startTwoNodesTogether() throws Exception {
        Optional<PostgresCluster> cluster = PostgresCluster.shared();
        assumeTrue(cluster.isPresent(), "PostgreSQL is not installed (Debian's postgresql package)");
        PostgresCluster.Database database = cluster.get().newDatabase();
        UnaryOperator<SampleServerOptions> sharedKey = sharingKeyEncryptionKey();
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<SampleServerFixture>> starts = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                starts.add(threads.submit(() -> {
                    go.await();
                    return SampleServerFixture.startOn(database, sharedKey);
                }));
            }
            go.countDown();
            for (Future<SampleServerFixture> start : starts) {
                nodes.add(start.get(5, TimeUnit.MINUTES));
            }
        } finally {
            threads.shutdownNow();
        }
    }

    @AfterAll
    void stopNodes() {
        nodes.forEach(SampleServerFixture::close);
    }

    @Test
    void bothNodesServeDiscovery() {
        Http http = new Http();
        assertEquals(List.of(200, 200), nodes.stream()
                .map(node -> http.get(node.fhirBase() + "/.well-known/smart-configuration").status()).toList());
    }

    @Test
    void theNodesMakeOneSetOfSigningKeys() {
        SmartDatabase db = nodes.get(0).server().application().plugin().authorizationServer().database();
        assertEquals(Optional.of(3L), db.queryOne("SELECT count(*) FROM smart_signing_key", row -> row.getLong(1)));
    }

    @Test
    void theDemoDataIsLoadedOnce() {
        assertEquals(6, nodes.get(1).server().application().patientCount());
    }

    /** Writes one key-encryption key into each node's data folder before it starts, as a deployment would. */
    private static UnaryOperator<SampleServerOptions> sharingKeyEncryptionKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return options -> {
            try {
                Path file = options.dataDir().resolve("keys").resolve("key-encryption.key");
                Files.createDirectories(file.getParent());
                Files.writeString(file, Base64.getEncoder().encodeToString(key));
                return options;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
    }
}
