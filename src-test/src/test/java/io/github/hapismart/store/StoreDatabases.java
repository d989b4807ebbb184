package io.github.hapismart.store;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.github.hapismart.it.PostgresCluster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Opens empty databases of either {@link DatabaseKind} for store tests and closes them after each test: a file H2
 * database in a new temporary folder, or a new database in the shared PostgreSQL test cluster. Where PostgreSQL is
 * not installed (and not required), opening one aborts the test with a failed assumption, so it shows as skipped.
 * Register it per test class with {@code @RegisterExtension}.
 */
public final class StoreDatabases implements AfterEachCallback {

    private final List<HikariDataSource> pools = new ArrayList<>();
    private final List<Path> folders = new ArrayList<>();

    /** A new, empty database of this kind with the plugin's schema created. */
    public SmartDatabase open(DatabaseKind kind) {
        return new SmartDatabase(dataSource(kind)).migrate();
    }

    /** A new, empty database of this kind, without the plugin's schema. */
    public DataSource dataSource(DatabaseKind kind) {
        return switch (kind) {
            case H2 -> pool(h2Url());
            case POSTGRESQL -> {
                Optional<PostgresCluster> cluster = PostgresCluster.shared();
                assumeTrue(cluster.isPresent(), "PostgreSQL is not installed (Debian's postgresql package)");
                PostgresCluster.Database database = cluster.get().newDatabase();
                yield pool(database.jdbcUrl(), database.username(), database.password());
            }
        };
    }

    /** Another connection pool on the same database as {@code dataSource}, as a second node would have. */
    public DataSource secondNode(DataSource dataSource) {
        HikariDataSource first = (HikariDataSource) dataSource;
        return pool(first.getJdbcUrl(), first.getUsername(), first.getPassword());
    }

    private String h2Url() {
        try {
            Path folder = Files.createTempDirectory("smart-store-h2-");
            folders.add(folder);
            return "jdbc:h2:file:" + folder.resolve("store") + ";WRITE_DELAY=0";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private DataSource pool(String url) {
        return pool(url, "sa", "");
    }

    private synchronized DataSource pool(String url, String username, String password) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername(username);
        config.setPassword(password);
        config.setMaximumPoolSize(4);
        config.setConnectionTimeout(5_000);
        HikariDataSource pool = new HikariDataSource(config);
        pools.add(pool);
        return pool;
    }

    @Override
    public synchronized void afterEach(ExtensionContext context) {
        pools.forEach(HikariDataSource::close);
        pools.clear();
        for (Path folder : folders) {
            try (Stream<Path> files = Files.walk(folder)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            } catch (IOException ignored) {
                // a leftover temporary folder is harmless
            }
        }
        folders.clear();
    }
}
