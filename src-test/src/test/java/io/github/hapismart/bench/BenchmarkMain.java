package io.github.hapismart.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The benchmark command: what the SMART plugin costs on the FHIR API, how fast its token and introspection endpoints
 * are, and how much memory the sample server takes under that load. The sample server runs in its own JVM with the
 * run command's options and an unprotected loopback-only copy of the FHIR API at {@code /fhir-baseline}; {@code wrk}
 * loads both over loopback, alternating sides, and the ratios compare them. See {@code docs/benchmarks.md}.
 *
 * <p>Options ({@code --name=value}): {@code seconds} per measured run (10), {@code warmup} seconds per endpoint (8),
 * {@code rounds} of alternating SMART/baseline runs (5), {@code interleaved-runs} of a read scenario whose median is
 * the plugin's cost (9: one run in five or so holds HAPI's once-a-minute new search, which lands on one side),
 * {@code connections} (8), {@code work-dir}
 * ({@code target/bench}), {@code profile} ({@code auto}: record JFR for each missed target; {@code always};
 * {@code never}), {@code scenarios} (a comma-separated subset of
 * {@code reads,token,code,introspect,writes,growth-reads,growth-token}; all by default), {@code growth-sizes} (the
 * stored refresh tokens of {@code growth-token}, comma-separated; {@code 0,100000,1000000}), {@code server-jvm-options} (default: the run command's, {@code -XX:+UseSerialGC -Xmx640m ...}) and {@code server-args}
 * (extra sample-server options such as {@code --search-cache-millis=0}), both space-separated.
 */
public final class BenchmarkMain {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> SCENARIOS = List.of("reads", "token", "code", "introspect", "writes",
            "growth-reads", "growth-token");

    record Options(int seconds, int warmup, int rounds, int interleavedRuns, int connections, Path workDir,
                   String profile, List<String> serverJvmOptions, List<String> serverArgs, List<String> scenarios,
                   List<Long> growthSizes) {
        static Options parse(String[] args) {
            Map<String, String> values = new java.util.HashMap<>();
            for (String arg : args) {
                if (!arg.startsWith("--") || !arg.contains("=")) {
                    throw new IllegalArgumentException("Expected --name=value, got " + arg);
                }
                values.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
            }
            return new Options(Integer.parseInt(values.getOrDefault("seconds", "10")),
                    Integer.parseInt(values.getOrDefault("warmup", "8")),
                    Integer.parseInt(values.getOrDefault("rounds", "5")),
                    Integer.parseInt(values.getOrDefault("interleaved-runs", "9")),
                    Integer.parseInt(values.getOrDefault("connections", "8")),
                    Path.of(values.getOrDefault("work-dir", "target/bench")).toAbsolutePath(),
                    values.getOrDefault("profile", "auto"),
                    words(values.getOrDefault("server-jvm-options", "")).isEmpty()
                            ? ServerProcess.RUN_COMMAND_JVM_OPTIONS : words(values.get("server-jvm-options")),
                    words(values.getOrDefault("server-args", "")),
                    scenarios(values.getOrDefault("scenarios", "")),
                    words(values.getOrDefault("growth-sizes", "").replace(',', ' ')).isEmpty()
                            ? GrowthToken.DEFAULT_SIZES
                            : words(values.get("growth-sizes").replace(',', ' ')).stream().map(Long::valueOf)
                                    .sorted().toList());
        }

        private static List<String> scenarios(String value) {
            List<String> chosen = words(value.replace(',', ' '));
            for (String name : chosen) {
                if (!SCENARIOS.contains(name)) {
                    throw new IllegalArgumentException("Unknown scenario " + name + "; choose from " + SCENARIOS);
                }
            }
            return chosen.isEmpty() ? SCENARIOS : chosen;
        }

        boolean runs(String scenario) {
            return scenarios.contains(scenario);
        }

        private static List<String> words(String value) {
            return value.isBlank() || value.startsWith("${") ? List.of() : List.of(value.trim().split("\\s+"));
        }
    }

    private BenchmarkMain() {
    }

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        Report report = new Report(options);
        report.header(Wrk.version());
        Path workDir = options.workDir();
        Path dataDir = workDir.resolve("data");
        deleteTree(dataDir);
        Files.createDirectories(dataDir);
        copyScripts(workDir);
        int port = freePort();
        String root = "http://127.0.0.1:" + port;

        long started = System.nanoTime();
        PreparedData data = PreparedData.prepare(dataDir, root, workDir, options.runs("growth-reads"));
        report.progress("prepared data folder, demo data and tokens in %d s", seconds(started));
        // For poking at the server by hand after a run (curl, wrk, jcmd): the patient and its tokens.
        Files.writeString(workDir.resolve("tokens.env"), "PATIENT_ID=%s%nPATIENT_TOKEN=%s%nLAB_TOKEN=%s%n"
                .formatted(data.patientId(), data.patientToken(), data.laboratoryToken()));

        started = System.nanoTime();
        List<GrowthTables.ReadRow> growthReads = List.of();
        try (ServerProcess server = ServerProcess.start(port, dataDir, root, workDir.resolve("server.log"),
                options.serverJvmOptions(), options.serverArgs())) {
            report.progress("server process %d ready in %d s (log: %s)", server.pid(), seconds(started),
                    workDir.resolve("server.log"));
            report.progress("server RSS after start %d MB", server.rssKb() / 1024);
            sanityChecks(root, data, report);
            Wrk wrk = new Wrk(workDir, options.connections());
            Scenarios scenarios = new Scenarios(options, wrk, server, report, root, data);
            if (options.runs("reads")) {
                scenarios.measureReads();
                report.progress("server RSS after reads %d MB (peak %d MB)", server.rssKb() / 1024,
                        server.peakRssKb() / 1024);
            } else {
                scenarios.collectStartupGarbage();
            }
            BackendKeys client = BackendKeys.register(root);
            if (options.runs("token")) {
                scenarios.measureToken(client);
                report.progress("server RSS after token grants %d MB (peak %d MB)", server.rssKb() / 1024,
                        server.peakRssKb() / 1024);
            }
            if (options.runs("code")) {
                scenarios.measureCodeExchange();
            }
            if (options.runs("introspect")) {
                scenarios.measureIntrospection(client);
            }
            if (options.runs("writes")) {
                scenarios.measureCreates();
            }
            if (options.runs("growth-reads")) {
                long growthStarted = System.nanoTime();
                try {
                    growthReads = GrowthReads.measure(data.growthPatients(), wrk, server, report, root,
                            Math.min(3, options.rounds()), Math.max(3, options.seconds() / 2),
                            Math.max(2, options.warmup() / 2), options.runs("reads"));
                } catch (RuntimeException e) {
                    report.progress("growth-reads FAILED: %s", e);
                    e.printStackTrace(System.out);
                }
                report.progress("growth-reads took %d s", seconds(growthStarted));
            }
            report.memory(server.peakRssKb(), server.rssKb());
            report.progress("server heap at end: %s", server.heapInfo());
            scenarios.attributeReads(); // JFR recordings last: they would weigh on the figures above
            report.table();
            scenarios.profileMisses();
        }
        List<GrowthTables.TokenRow> growthToken = List.of();
        if (options.runs("growth-token")) {
            long growthStarted = System.nanoTime();
            try {
                growthToken = new GrowthToken(options, report).run(options.growthSizes());
            } catch (RuntimeException e) {
                report.progress("growth-token FAILED: %s", e);
                e.printStackTrace(System.out);
            }
            report.progress("growth-token took %d s", seconds(growthStarted));
        }
        growthReport(report, workDir, growthReads, growthToken);
    }

    /** Prints the growth tables and writes the chart (and the tables) into the work folder. */
    private static void growthReport(Report report, Path workDir, List<GrowthTables.ReadRow> reads,
                                     List<GrowthTables.TokenRow> tokens) throws IOException {
        StringBuilder tables = new StringBuilder();
        if (!reads.isEmpty()) {
            tables.append(GrowthTables.reads(reads)).append('\n');
        }
        if (!tokens.isEmpty()) {
            tables.append(GrowthTables.tokens(tokens)).append('\n');
        }
        if (!tables.isEmpty()) {
            System.out.println();
            System.out.print(tables);
            Files.writeString(workDir.resolve("growth-tables.md"), tables);
        }
        List<BenchChart.Bar> bars = new java.util.ArrayList<>(report.cpuBars());
        reads.forEach(row -> bars.add(new BenchChart.Bar(GrowthReads.barLabel(row), row.smartCpuMicros(),
                row.baselineCpuMicros())));
        Path chart = workDir.resolve("benchmark-chart.svg");
        Files.writeString(chart, BenchChart.svg("SMART on FHIR plugin benchmark, " + java.time.LocalDate.now(
                java.time.ZoneOffset.UTC), bars, GrowthToken.lines(tokens), "server CPU per request (µs)"));
        report.progress("chart written to %s", chart);
    }

    private static void sanityChecks(String root, PreparedData data, Report report) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String otherId = JSON.readTree(get(http, root + "/fhir-baseline/Patient?identifier="
                        + BackendKeys.encode(PreparedData.MRN_SYSTEM + "|demo-2"), null).body())
                .path("entry").path(0).path("resource").path("id").asText();
        int own = get(http, root + "/fhir/Patient/" + data.patientId(), data.patientToken()).statusCode();
        int other = get(http, root + "/fhir/Patient/" + otherId, data.patientToken()).statusCode();
        int none = get(http, root + "/fhir/Patient/" + data.patientId(), null).statusCode();
        String lab = "/Observation?patient=" + data.patientId() + "&category="
                + BackendKeys.encode(PreparedData.LABORATORY) + "&_count=1000";
        int smartLab = entries(get(http, root + "/fhir" + lab, data.laboratoryToken()));
        int baselineLab = entries(get(http, root + "/fhir-baseline" + lab, null));
        int smartAll = entries(get(http, root + "/fhir/Observation?patient=" + data.patientId() + "&_count=1000",
                data.laboratoryToken()));
        report.progress("enforcement check: own patient %d, another patient %d, no token %d; laboratory search "
                + "%d entries (baseline %d); all-category search with the laboratory token %d entries",
                own, other, none, smartLab, baselineLab, smartAll);
        if (own != 200 || other != 403 || none != 401 || smartLab != baselineLab || smartLab == 0) {
            throw new IllegalStateException("Enforcement is not behaving as the benchmark assumes");
        }
    }

    private static HttpResponse<String> get(HttpClient http, String url, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Accept", "application/fhir+json");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static int entries(HttpResponse<String> response) throws IOException {
        JsonNode bundle = JSON.readTree(response.body());
        return response.statusCode() == 200 ? bundle.path("entry").size() : -response.statusCode();
    }

    /** Writes {@code count} bodies from {@code body} into a new file in the work folder. */
    static Path bodies(Path workDir, String name, int count, Supplier<String> body) {
        return BackendKeys.writeBodies(workDir.resolve(name + ".bodies"), count, body);
    }

    private static void copyScripts(Path workDir) throws IOException {
        for (String script : List.of("report.lua", "rotate.lua", "create.lua", "alternate.lua")) {
            try (InputStream in = BenchmarkMain.class.getResourceAsStream("/bench/" + script)) {
                Files.copy(in, workDir.resolve(script), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static long seconds(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1_000_000_000L;
    }

}
