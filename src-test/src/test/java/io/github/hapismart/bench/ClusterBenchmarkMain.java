package io.github.hapismart.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.hapismart.it.PostgresCluster;
import io.github.hapismart.it.SampleServerFixture;
import io.github.hapismart.it.SampleServerProcess;
import io.github.hapismart.it.TwoNodeCluster;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The two-node benchmark (issue 15): on one PostgreSQL database, {@code client_credentials} grants per second and the
 * cost of a FHIR read (SMART vs the unprotected baseline) on one node, then on two nodes behind a round-robin HAProxy,
 * all on this machine. Server CPU per request is summed over the nodes' processes. Run with
 * {@code mvn -B -pl src-test -am -Pbench-cluster -DskipTests verify}; needs Debian's postgresql, haproxy and wrk.
 */
public final class ClusterBenchmarkMain {

    private static final String SYSTEM_SCOPE = "system/*.rs";
    private static final ObjectMapper JSON = new ObjectMapper();

    private record Figures(String setup, double grantsPerSecond, double grantCpuMicros, double smartReads,
                           double baselineReads, double readRatio, double smartReadCpuMicros,
                           double baselineReadCpuMicros, long failures) {
    }

    private ClusterBenchmarkMain() {
    }

    public static void main(String[] args) throws Exception {
        BenchmarkMain.Options options = BenchmarkMain.Options.parse(args);
        Path workDir = Files.createDirectories(options.workDir().resolve("cluster"));
        Files.copy(ClusterBenchmarkMain.class.getResourceAsStream("/bench/report.lua"), workDir.resolve("report.lua"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.copy(ClusterBenchmarkMain.class.getResourceAsStream("/bench/rotate.lua"), workDir.resolve("rotate.lua"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        PostgresCluster postgres = PostgresCluster.shared().orElseThrow(
                () -> new IllegalStateException("PostgreSQL is not installed (apt-get install postgresql)"));
        Wrk wrk = new Wrk(workDir, options.connections());
        progress("cluster benchmark: %s, %d connections, %d s runs, %d read rounds; server JVM %s; load average %s",
                Wrk.version(), options.connections(), options.seconds(), options.rounds(), options.serverJvmOptions(),
                loadAverage());
        List<Figures> figures = new ArrayList<>();

        int port = SampleServerFixture.freePort();
        String root = "http://127.0.0.1:" + port;
        PostgresCluster.Database database = postgres.newDatabase();
        try (SampleServerProcess node = SampleServerProcess.start(port, workDir.resolve("single"),
                workDir.resolve("single.log"), options.serverJvmOptions(), List.of("--public-url=" + root,
                        "--benchmark-baseline=true", "--database-url=" + database.jdbcUrl(),
                        "--database-username=" + database.username(), "--database-password=" + database.password()))) {
            progress("one node ready (pid %d)", node.pid());
            figures.add(measure("one node, PostgreSQL", root, List.of(node.pid()), wrk, options, workDir));
        }

        try (TwoNodeCluster cluster = TwoNodeCluster.start(workDir.resolve("two-nodes"), postgres,
                options.serverJvmOptions(), List.of("--benchmark-baseline=true"))) {
            progress("two nodes and HAProxy ready (pids %d, %d)", cluster.process(1).pid(), cluster.process(2).pid());
            figures.add(measure("two nodes behind HAProxy, PostgreSQL", cluster.rootUrl(),
                    List.of(cluster.process(1).pid(), cluster.process(2).pid()), wrk, options, workDir));
        }

        progress("load average at end %s", loadAverage());
        System.out.println();
        System.out.println("| setup | client_credentials grants | server CPU per grant | GET Patient/{id} SMART | "
                + "baseline | ratio (median) | server CPU per read SMART / baseline | failed requests |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        for (Figures f : figures) {
            System.out.printf("| %s | %.0f/s | %.0f µs | %.0f/s | %.0f/s | %.3f | %.0f / %.0f µs | %d |%n", f.setup(),
                    f.grantsPerSecond(), f.grantCpuMicros(), f.smartReads(), f.baselineReads(), f.readRatio(),
                    f.smartReadCpuMicros(), f.baselineReadCpuMicros(), f.failures());
        }
    }

    private static Figures measure(String setup, String root, List<Long> pids, Wrk wrk, BenchmarkMain.Options options,
                                   Path workDir) throws Exception {
        BackendKeys client = BackendKeys.register(root);
        String tokenUrl = root + "/auth/token";
        String name = setup.startsWith("one") ? "one" : "two";
        // Three warm-up passes: on two nodes each JVM compiles the token path itself.
        Wrk.Result warm = null;
        for (int pass = 0; pass < 3; pass++) {
            warm = wrk.postEach(tokenUrl, options.warmup(), BenchmarkMain.bodies(workDir, name + "-warmup",
                    3_000 * options.warmup(), () -> client.tokenForm(SYSTEM_SCOPE)));
        }
        int count = (int) Math.ceil(Math.max(warm.perSecond(), 500) * options.seconds() * 2) + 500;
        Path bodies = BenchmarkMain.bodies(workDir, name + "-token", count, () -> client.tokenForm(SYSTEM_SCOPE));
        long cpuBefore = cpuNanos(pids);
        Wrk.Result grants = wrk.postEach(tokenUrl, options.seconds(), bodies);
        double grantCpu = (cpuNanos(pids) - cpuBefore) / 1000.0 / Math.max(1, grants.requests());
        progress("%s: client_credentials %.0f/s (warm-up %.0f/s), p50 %.1f ms, p99 %.1f ms, %.0f µs CPU per grant, "
                + "%d non-2xx", setup, grants.perSecond(), warm.perSecond(), grants.p50Micros() / 1000.0,
                grants.p99Micros() / 1000.0, grantCpu, grants.non2xx() + grants.socketErrors());

        HttpClient http = HttpClient.newHttpClient();
        String token = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(tokenUrl))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(client.tokenForm(SYSTEM_SCOPE))).build(),
                HttpResponse.BodyHandlers.ofString()).body()).path("access_token").asText();
        String patient = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(root + "/fhir-baseline/Patient?_count=1"))
                .header("Accept", "application/fhir+json").build(), HttpResponse.BodyHandlers.ofString()).body())
                .path("entry").path(0).path("resource").path("id").asText();
        Map<String, String> headers = Map.of("Authorization", "Bearer " + token, "Accept", "application/fhir+json");
        String smart = root + "/fhir/Patient/" + patient;
        String baseline = root + "/fhir-baseline/Patient/" + patient;
        // Let the JIT compile the read path on every node before measuring (a fixed warm-up, shorter than the main
        // benchmark's settle loop; the ratio is the median of alternating rounds).
        for (int i = 0; i < 3; i++) {
            wrk.get(smart, options.warmup(), headers);
            wrk.get(baseline, options.warmup(), headers);
        }
        double[] ratios = new double[options.rounds()];
        long smartRequests = 0;
        long baselineRequests = 0;
        long smartCpu = 0;
        long baselineCpu = 0;
        double smartRate = 0;
        double baselineRate = 0;
        long failures = grants.non2xx() + grants.socketErrors();
        for (int round = 0; round < options.rounds(); round++) {
            long start = cpuNanos(pids);
            Wrk.Result s = wrk.get(smart, options.seconds(), headers);
            long middle = cpuNanos(pids);
            Wrk.Result b = wrk.get(baseline, options.seconds(), headers);
            long end = cpuNanos(pids);
            smartRequests += s.requests();
            baselineRequests += b.requests();
            smartCpu += middle - start;
            baselineCpu += end - middle;
            smartRate += s.perSecond() / options.rounds();
            baselineRate += b.perSecond() / options.rounds();
            ratios[round] = s.perSecond() / b.perSecond();
            failures += s.non2xx() + s.socketErrors() + b.non2xx() + b.socketErrors();
        }
        Arrays.sort(ratios);
        double median = ratios[ratios.length / 2];
        progress("%s: GET Patient/{id} SMART %.0f/s, baseline %.0f/s, ratio median %.3f (rounds %s), CPU per read "
                + "%.0f / %.0f µs", setup, smartRate, baselineRate, median, Arrays.toString(ratios),
                smartCpu / 1000.0 / Math.max(1, smartRequests), baselineCpu / 1000.0 / Math.max(1, baselineRequests));
        return new Figures(setup, grants.perSecond(), grantCpu, smartRate, baselineRate, median,
                smartCpu / 1000.0 / Math.max(1, smartRequests), baselineCpu / 1000.0 / Math.max(1, baselineRequests),
                failures);
    }

    /** User + system CPU time of the given processes so far, in nanoseconds, from {@code /proc/<pid>/stat}. */
    private static long cpuNanos(List<Long> pids) {
        long ticks = 0;
        for (long pid : pids) {
            try {
                String line = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
                String[] fields = line.substring(line.lastIndexOf(')') + 2).trim().split(" ");
                ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            } catch (java.io.IOException gone) {
                // the process has ended
            }
        }
        return ticks * 10_000_000L;
    }

    private static String loadAverage() {
        try {
            return String.join(" ", Arrays.asList(Files.readString(Path.of("/proc/loadavg")).split(" ")).subList(0, 3));
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }

    private static void progress(String format, Object... args) {
        System.out.println("[" + Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS) + "] "
                + format.formatted(args));
    }
}
