package io.github.hapismart.bench;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.github.hapismart.client.ClientAuthMethod;
import io.github.hapismart.client.JdbcClientRepository;
import io.github.hapismart.client.RegisteredClient;
import io.github.hapismart.it.PostgresCluster;
import io.github.hapismart.it.SampleServerFixture;
import io.github.hapismart.launch.LaunchContext;
import io.github.hapismart.sample.SampleServerOptions;
import io.github.hapismart.scope.ScopeSet;
import io.github.hapismart.store.SmartDatabase;
import io.github.hapismart.store.TokenHashing;
import io.github.hapismart.token.AuthorizationCodes;
import io.github.hapismart.token.GrantRecords;
import io.github.hapismart.token.RefreshTokens;
import io.github.hapismart.token.UserGrant;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.IntStream;

/**
 * How the token endpoint's cost grows with its stores (issue 20): {@value #CLIENTS} registered clients and a growing
 * number of stored refresh tokens (0, 100,000, 1,000,000 by default), on the embedded H2 database and on PostgreSQL.
 * Rows are added through the plugin's own stores ({@link JdbcClientRepository}, {@link RefreshTokens},
 * {@link AuthorizationCodes}) from this JVM while the server is stopped (H2 allows one process on its file), with
 * their normal one-row methods on several threads; the server then starts on the same database and
 * {@code client_credentials} grants and authorization-code exchanges are measured. The filling connections skip
 * the per-commit durability the server itself keeps (H2's {@code WRITE_DELAY=0}, PostgreSQL's
 * {@code synchronous_commit}): that changes how fast rows arrive, not what is stored.
 */
final class GrowthToken {

    static final int CLIENTS = 10_000;
    static final List<Long> DEFAULT_SIZES = List.of(0L, 100_000L, 1_000_000L);
    private static final int CODE_WARMUP = 3_000;
    private static final int CODE_MEASURED = 8_000;
    private static final String USER_SCOPES = "launch/patient openid fhirUser offline_access patient/*.rs";

    private final BenchmarkMain.Options options;
    private final Report report;
    private final Path workDir;
    private final Clock clock = Clock.systemUTC();
    private final TokenHashing hashing = new TokenHashing(new SecureRandom());

    GrowthToken(BenchmarkMain.Options options, Report report) {
        this.options = options;
        this.report = report;
        this.workDir = options.workDir().resolve("growth-token");
    }

    /** A database the series runs on: its name, the filling JDBC URL and the server's options for it. */
    private record Target(String name, String fillUrl, String username, String password, String fillInitSql,
                          List<String> serverArgs) {
    }

    /** Runs every size on H2, then on PostgreSQL if it is installed; returns the table rows. */
    List<GrowthTables.TokenRow> run(List<Long> sizes) throws Exception {
        Files.createDirectories(workDir);
        List<GrowthTables.TokenRow> rows = new ArrayList<>();
        Path h2Dir = workDir.resolve("h2-data");
        BenchmarkMain.deleteTree(h2Dir);
        String h2Url = SampleServerOptions.defaults(0, h2Dir).jdbcUrl().replace(";WRITE_DELAY=0", "");
        rows.addAll(guarded(() -> series(new Target("H2", h2Url, "sa", "", null, List.of()), h2Dir, sizes), "H2"));
        Optional<PostgresCluster> postgres = PostgresCluster.shared();
        if (postgres.isEmpty()) {
            report.progress("growth-token: PostgreSQL is not installed (apt-get install postgresql); H2 only");
            return rows;
        }
        PostgresCluster.Database database = postgres.get().newDatabase();
        Path pgDir = workDir.resolve("pg-data");
        BenchmarkMain.deleteTree(pgDir);
        rows.addAll(guarded(() -> series(new Target("PostgreSQL", database.jdbcUrl(), database.username(),
                database.password(), "SET synchronous_commit = off", List.of("--database-url=" + database.jdbcUrl(),
                        "--database-username=" + database.username(), "--database-password=" + database.password())),
                pgDir, sizes), "PostgreSQL"));
        return rows;
    }

    /** A series that throws is reported and yields no rows, so that the other database's figures still count. */
    private List<GrowthTables.TokenRow> guarded(java.util.concurrent.Callable<List<GrowthTables.TokenRow>> series,
                                                String database) {
        try {
            return series.call();
        } catch (Exception | AssertionError e) {
            report.progress("growth-token, %s: FAILED, no figures: %s", database, e);
            e.printStackTrace(System.out);
            return List.of();
        }
    }

    private List<GrowthTables.TokenRow> series(Target target, Path dataDir, List<Long> sizes) throws Exception {
        Files.createDirectories(dataDir);
        List<GrowthTables.TokenRow> rows = new ArrayList<>();
        long stored = 0;
        for (long size : sizes) {
            PreparedData.CodeExchanges codes;
            try (HikariDataSource dataSource = dataSource(target)) {
                SmartDatabase db = new SmartDatabase(dataSource).migrate();
                if (stored == 0 && rows.isEmpty()) {
                    registerClients(db, target.name());
                }
                addRefreshTokens(db, size - stored, target.name());
                stored = size;
                codes = mintCodes(db, size);
            }
            int port = SampleServerFixture.freePort();
            String root = "http://127.0.0.1:" + port;
            List<String> args = new ArrayList<>(options.serverArgs());
            args.addAll(target.serverArgs());
            long started = System.nanoTime();
            try (ServerProcess server = ServerProcess.start(port, dataDir, root,
                    workDir.resolve("server-" + target.name() + "-" + size + ".log"), options.serverJvmOptions(),
                    args)) {
                report.progress("growth-token, %s, %,d refresh tokens: server ready in %d s", target.name(), size,
                        BenchmarkMain.seconds(started));
                Wrk wrk = new Wrk(options.workDir(), options.connections());
                rows.add(clientCredentials(target.name(), size, server, wrk, root));
                rows.add(codeExchange(target.name(), size, server, wrk, root, codes));
            }
        }
        return rows;
    }

    private HikariDataSource dataSource(Target target) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(target.fillUrl());
        config.setUsername(target.username());
        config.setPassword(target.password());
        config.setMaximumPoolSize(Math.max(4, Runtime.getRuntime().availableProcessors() * 2));
        if (target.fillInitSql() != null) {
            config.setConnectionInitSql(target.fillInitSql());
        }
        return new HikariDataSource(config);
    }

    /** {@value #CLIENTS} confidential clients through the repository's own {@code save}, one at a time as it is. */
    private void registerClients(SmartDatabase db, String database) {
        long started = System.nanoTime();
        JdbcClientRepository clients = new JdbcClientRepository(db);
        for (int i = 0; i < CLIENTS; i++) {
            clients.save(new RegisteredClient("growth-client-" + i, "Growth client " + i, ClientAuthMethod.NONE,
                    Optional.empty(), List.of(URI.create("http://127.0.0.1/growth/" + i)),
                    Set.of(RegisteredClient.AUTHORIZATION_CODE, RegisteredClient.REFRESH_TOKEN), USER_SCOPES,
                    Optional.empty(), Optional.empty(), Optional.empty(), Instant.now()));
        }
        report.progress("growth-token, %s: %,d clients registered through JdbcClientRepository.save in %.1f s",
                database, CLIENTS, (System.nanoTime() - started) / 1e9);
    }

    /**
     * {@code count} offline refresh tokens, each of its own authorization: its grant row through
     * {@link GrantRecords#record} and the token through {@link RefreshTokens#issue}, on several threads.
     */
    private void addRefreshTokens(SmartDatabase db, long count, String database) {
        if (count <= 0) {
            return;
        }
        long started = System.nanoTime();
        RefreshTokens tokens = new RefreshTokens(db, hashing, clock, Duration.ofDays(90));
        GrantRecords grants = new GrantRecords(db, clock, Duration.ofHours(1));
        ScopeSet scopes = ScopeSet.parse(USER_SCOPES);
        int threads = Math.max(4, Runtime.getRuntime().availableProcessors() * 2);
        IntStream.range(0, threads).parallel().forEach(thread -> {
            for (long i = thread; i < count; i += threads) {
                int client = (int) (i % CLIENTS);
                UserGrant grant = new UserGrant("growth-client-" + client, "growth-user-" + i,
                        Optional.of("Patient/growth-" + i), Optional.of("Growth Patient"), scopes,
                        LaunchContext.none().withPatient("growth-" + i), UUID.randomUUID().toString(),
                        Optional.empty(), Instant.now(), Optional.empty());
                grants.record(grant); // as a code's issuance records it, so that each token has its grant row
                tokens.issue(grant);
            }
        });
        double seconds = (System.nanoTime() - started) / 1e9;
        report.progress("growth-token, %s: %,d refresh tokens (and their grants) stored through GrantRecords.record and RefreshTokens.issue (%d threads) in "
                + "%.1f s (%,.0f/s)", database, count, threads, seconds, count / seconds);
    }

    private PreparedData.CodeExchanges mintCodes(SmartDatabase db, long size) {
        new JdbcClientRepository(db).save(new RegisteredClient(PreparedData.CODE_CLIENT, "Benchmark app",
                ClientAuthMethod.NONE, Optional.empty(), List.of(URI.create(PreparedData.CODE_REDIRECT)),
                Set.of(RegisteredClient.AUTHORIZATION_CODE, RegisteredClient.REFRESH_TOKEN), PreparedData.CODE_SCOPES,
                Optional.empty(), Optional.empty(), Optional.empty(), Instant.now()));
        AuthorizationCodes codes = new AuthorizationCodes(db, hashing, clock, Duration.ofMinutes(30));
        Supplier<String> body = () -> PreparedData.codeExchangeBody(codes, "growth-patient");
        return new PreparedData.CodeExchanges(
                BackendKeys.writeBodies(workDir.resolve("code-warmup-" + size + ".bodies"), CODE_WARMUP, body),
                CODE_WARMUP,
                BackendKeys.writeBodies(workDir.resolve("code-" + size + ".bodies"), CODE_MEASURED, body),
                CODE_MEASURED);
    }

    private GrowthTables.TokenRow clientCredentials(String database, long size, ServerProcess server, Wrk wrk,
                                                    String root) {
        BackendKeys client = BackendKeys.register(root);
        String url = root + "/auth/token";
        Supplier<String> body = () -> client.tokenForm("system/*.rs");
        int warmupCount = 1_500 * options.warmup();
        Wrk.Result warm = wrk.postEach(url, options.warmup(),
                BenchmarkMain.bodies(workDir, "cc-warmup", warmupCount, body));
        double rate = warm.requests() >= warmupCount * 0.99 ? 2.0 * warmupCount / options.warmup()
                : warm.perSecond();
        int count = (int) Math.ceil(rate * options.seconds() * 1.5) + 500;
        Path bodies = BenchmarkMain.bodies(workDir, "cc", count, body);
        return measured(database, size, "client_credentials", server,
                () -> wrk.postEach(url, options.seconds(), bodies), count);
    }

    private GrowthTables.TokenRow codeExchange(String database, long size, ServerProcess server, Wrk wrk, String root,
                                               PreparedData.CodeExchanges codes) {
        String url = root + "/auth/token";
        wrk.postEach(url, options.warmup(), codes.warmup());
        return measured(database, size, "authorization_code exchange", server,
                () -> wrk.postEach(url, options.seconds(), codes.measured()), codes.measuredCount());
    }

    private GrowthTables.TokenRow measured(String database, long size, String grant, ServerProcess server,
                                           Supplier<Wrk.Result> run, int bodies) {
        ServerProcess.Cpu before = server.cpu();
        Wrk.Result result = run.get();
        double cpu = server.cpu().since(before).otherNanos() / 1000.0 / Math.max(1, result.requests());
        boolean exhausted = result.requests() >= bodies * 0.99;
        report.progress("growth-token, %s, %,d refresh tokens, %s: %.0f/s%s, p99 %.1f ms, %.0f µs server CPU per "
                        + "request, %d non-2xx", database, size, grant, result.perSecond(),
                exhausted ? " (bodies ran out: a lower bound)" : "", result.p99Micros() / 1000.0, cpu,
                result.non2xx());
        return new GrowthTables.TokenRow(database, size, CLIENTS, grant, result.perSecond(), result.p99Micros(), cpu,
                result.non2xx() + result.socketErrors());
    }

    /** The chart's lines: one per grant and database, server CPU per request by store size. */
    static List<BenchChart.Line> lines(List<GrowthTables.TokenRow> rows) {
        List<BenchChart.Line> lines = new ArrayList<>();
        rows.stream().map(r -> r.grant() + ", " + r.database()).distinct().forEach(name -> lines.add(
                new BenchChart.Line(name, rows.stream().filter(r -> (r.grant() + ", " + r.database()).equals(name))
                        .map(r -> new BenchChart.Point(r.refreshTokens(), r.cpuMicros())).toList())));
        return lines;
    }
}
