package io.github.hapismart.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Prints progress as it happens and, at the end, the machine and a table of figures with each target. */
final class Report {

    static final String TOKEN = "client_credentials grant (private_key_jwt, RS384)";
    private static final long RSS_TARGET_KB = 768L * 1024;

    private final BenchmarkMain.Options options;
    private final List<String> rows = new ArrayList<>();
    private final List<String> costRows = new ArrayList<>();
    private final List<String> attributions = new ArrayList<>();
    private final Set<String> missed = new HashSet<>();
    private final List<String> notes = new ArrayList<>();
    private final List<BenchChart.Bar> bars = new ArrayList<>();
    private final String loadAtStart;

    Report(BenchmarkMain.Options options) {
        this.options = options;
        this.loadAtStart = loadAverage();
    }

    void header(String wrkVersion) {
        System.out.println();
        System.out.println("SMART on FHIR plugin benchmark, " + Instant.now().truncatedTo(ChronoUnit.SECONDS));
        System.out.println("machine: " + Runtime.getRuntime().availableProcessors() + " cores (nproc), "
                + cpuModel() + ", " + memTotal() + " RAM; load average at start " + loadAtStart);
        System.out.println("JVM: " + System.getProperty("java.vm.name") + " " + System.getProperty("java.vm.version")
                + "; server options " + String.join(" ", options.serverJvmOptions())
                + (options.serverJvmOptions().equals(ServerProcess.RUN_COMMAND_JVM_OPTIONS) ? " (the run command's)"
                : " (NOT the run command's " + String.join(" ", ServerProcess.RUN_COMMAND_JVM_OPTIONS) + ")")
                + (options.serverArgs().isEmpty() ? "" : ", server options " + String.join(" ", options.serverArgs()))
                + ", H2 file database, demo data; audit trail: " + ServerProcess.auditMode());
        System.out.println("load: " + wrkVersion.replaceAll(" \\[.*", "") + " on 127.0.0.1, 1 thread, "
                + options.connections() + " keep-alive connections; " + options.warmup() + " s warm-up per endpoint; "
                + "reads: " + options.rounds() + " alternating rounds of " + options.seconds()
                + " s per side, ratio = median of the rounds' ratios, p99 = median of the rounds' p99s; then "
                + options.interleavedRuns()
                + " interleaved runs of " + options.seconds() + " s, cost = median of their SMART - baseline request-thread CPU"
                + "; token/introspection: " + options.seconds() + " s, a fresh assertion per request");
        System.out.println();
    }

    void progress(String format, Object... args) {
        System.out.printf("[%s] %s%n", Instant.now().truncatedTo(ChronoUnit.SECONDS), String.format(format, args));
    }

    /**
     * One round of a read scenario: the SMART side's and the baseline's run, back to back, and the server CPU time
     * each used.
     */
    record ReadRound(Wrk.Result smart, ServerProcess.Cpu smartCpu, Wrk.Result baseline,
                     ServerProcess.Cpu baselineCpu) {

        double ratio() {
            return smart.perSecond() / baseline.perSecond();
        }
    }

    /**
     * A side's p99 as the median of its rounds' p99s, with the worst round's: a pause of the whole server (a full
     * collection, HAPI JPA renewing its cached search once a minute) lands in whichever side's round runs at the
     * time, and the worst round alone would charge it to that side.
     */
    static String p99(List<ReadRound> rounds, java.util.function.Function<ReadRound, Wrk.Result> side) {
        double[] p99s = rounds.stream().mapToDouble(round -> side.apply(round).p99Micros()).sorted().toArray();
        return "%s, worst round %s".formatted(ms((long) median(p99s)), ms((long) p99s[p99s.length - 1]));
    }

    /**
     * A read scenario's row. Its ratio is the median of the rounds' ratios, so that one round disturbed by a full
     * garbage collection or a burst of JIT compilation does not decide it; every round's ratio is printed. The
     * server CPU per request (JIT compiler threads excluded, GC included) shows the plugin's cost directly.
     */
    void read(String label, List<ReadRound> rounds, double target) {
        Wrk.Result smart = rounds.stream().map(ReadRound::smart).reduce(Wrk.Result::plus).orElseThrow();
        Wrk.Result baseline = rounds.stream().map(ReadRound::baseline).reduce(Wrk.Result::plus).orElseThrow();
        double[] ratios = rounds.stream().mapToDouble(ReadRound::ratio).sorted().toArray();
        double median = median(ratios);
        double smartCpu = cpuMicrosPerRequest(rounds.stream().map(ReadRound::smartCpu).toList(), smart);
        double baselineCpu = cpuMicrosPerRequest(rounds.stream().map(ReadRound::baselineCpu).toList(), baseline);
        long jitNanos = rounds.stream().mapToLong(r -> r.smartCpu().jitNanos() + r.baselineCpu().jitNanos()).sum();
        long wallNanos = (smart.durationMicros() + baseline.durationMicros()) * 1000;
        boolean pass = median >= target && smart.clean() && baseline.clean();
        ServerProcess.Side smartThreads = rounds.stream().map(r -> r.smartCpu().meter().smart())
                .reduce(ServerProcess.Side::plus).orElseThrow();
        ServerProcess.Side baselineThreads = rounds.stream().map(r -> r.baselineCpu().meter().baseline())
                .reduce(ServerProcess.Side::plus).orElseThrow();
        double[] threadDifferences = rounds.stream().mapToDouble(r -> r.smartCpu().meter().smart().cpuMicrosPerRequest()
                - r.baselineCpu().meter().baseline().cpuMicrosPerRequest()).toArray();
        row(label, "%.0f/s (p99 %s; %.0f µs CPU/request; request thread %.1f µs, %.1f KB)".formatted(
                        smart.perSecond(), p99(rounds, ReadRound::smart), smartCpu,
                        smartThreads.cpuMicrosPerRequest(), smartThreads.allocatedKbPerRequest()),
                "%.0f/s (p99 %s; %.0f µs CPU/request; request thread %.1f µs, %.1f KB)".formatted(
                        baseline.perSecond(), p99(rounds, ReadRound::baseline), baselineCpu,
                        baselineThreads.cpuMicrosPerRequest(), baselineThreads.allocatedKbPerRequest()),
                "%.3f (median of %d rounds, %.3f–%.3f)".formatted(median, ratios.length, ratios[0],
                        ratios[ratios.length - 1]),
                "ratio ≥ %.2f".formatted(target), verdict(label, pass));
        bars.add(new BenchChart.Bar(label, smartCpu, baselineCpu));
        errors(label, smart, "SMART");
        errors(label, baseline, "baseline");
        progress("%s: SMART %.0f/s, baseline %.0f/s; round ratios %s, median %.3f; server CPU per request SMART %.0f "
                        + "µs, baseline %.0f µs (%+.0f µs); JIT compilers busy %.1f %% of the time", label,
                smart.perSecond(), baseline.perSecond(),
                rounds.stream().map(r -> "%.3f".formatted(r.ratio())).reduce((a, b) -> a + " " + b).orElse(""),
                median, smartCpu, baselineCpu, smartCpu - baselineCpu, 100.0 * jitNanos / wallNanos);
        progress("%s: request threads (the server's meter) SMART %.1f µs and %.1f KB allocated per request, baseline "
                        + "%.1f µs and %.1f KB: %+.1f µs (per round %s; median %+.1f µs), %+.1f KB", label,
                smartThreads.cpuMicrosPerRequest(), smartThreads.allocatedKbPerRequest(),
                baselineThreads.cpuMicrosPerRequest(), baselineThreads.allocatedKbPerRequest(),
                smartThreads.cpuMicrosPerRequest() - baselineThreads.cpuMicrosPerRequest(),
                java.util.Arrays.stream(threadDifferences).mapToObj("%+.1f"::formatted)
                        .reduce((a, b) -> a + " " + b).orElse(""), median(threadDifferences),
                smartThreads.allocatedKbPerRequest() - baselineThreads.allocatedKbPerRequest());
    }

    /**
     * What the plugin may add to a request on its request thread: a fixed number of microseconds, or a share of the
     * baseline's cost.
     */
    record CostTarget(double micros, double share) {

        static CostTarget micros(double micros) {
            return new CostTarget(micros, Double.NaN);
        }

        static CostTarget share(double share) {
            return new CostTarget(Double.NaN, share);
        }

        /** Whether a SMART request costing {@code smart} µs against the baseline's {@code baseline} µs meets it. */
        boolean met(double smart, double baseline) {
            double added = smart - baseline;
            return Double.isNaN(share) ? added <= micros : added <= share * baseline;
        }

        @Override
        public String toString() {
            return Double.isNaN(share) ? "≤ %+.0f µs".formatted(micros) : "≤ %+.0f %%".formatted(100 * share);
        }
    }

    /**
     * The interleaved runs of a read scenario: both sides requested in turn on the same connections, so that they
     * share every moment's conditions; the server's meter splits each run's request-thread CPU time and allocations
     * by side. The scenario's cost is the median of the runs' differences; every run's difference is printed.
     */
    void interleaved(String label, List<ServerProcess.Meter> runs, CostTarget target) {
        ServerProcess.Side smart = runs.stream().map(ServerProcess.Meter::smart).reduce(ServerProcess.Side::plus).orElseThrow();
        ServerProcess.Side baseline = runs.stream().map(ServerProcess.Meter::baseline).reduce(ServerProcess.Side::plus)
                .orElseThrow();
        double[] differences = runs.stream().mapToDouble(run -> run.smart().cpuMicrosPerRequest()
                - run.baseline().cpuMicrosPerRequest()).toArray();
        double median = median(differences);
        double medianBaseline = median(runs.stream().mapToDouble(run -> run.baseline().cpuMicrosPerRequest())
                .toArray());
        boolean pass = target.met(medianBaseline + median, medianBaseline);
        String perRun = java.util.Arrays.stream(differences).mapToObj("%+.1f"::formatted)
                .reduce((a, b) -> a + " " + b).orElse("");
        costRows.add("| %s | %.1f µs, %.1f KB | %.1f µs, %.1f KB | %+.1f µs (%+.2f %%; runs %s), %+.1f KB | %s | %s |"
                .formatted(label, smart.cpuMicrosPerRequest(), smart.allocatedKbPerRequest(),
                        baseline.cpuMicrosPerRequest(), baseline.allocatedKbPerRequest(), median,
                        100 * median / medianBaseline, perRun,
                        smart.allocatedKbPerRequest() - baseline.allocatedKbPerRequest(), target,
                        verdict(label + " (request-thread cost)", pass)));
        progress("%s, interleaved: request threads SMART %.1f µs / %.1f KB, baseline %.1f µs / %.1f KB per request "
                        + "(%,d and %,d requests); difference per run %s, median %+.1f µs (%+.2f %%)", label,
                smart.cpuMicrosPerRequest(), smart.allocatedKbPerRequest(), baseline.cpuMicrosPerRequest(),
                baseline.allocatedKbPerRequest(), smart.requests(), baseline.requests(), perRun, median,
                100 * median / medianBaseline);
    }

    /** Prints where the plugin's request-thread µs went in a scenario, and keeps it for the table at the end. */
    void attribution(String label, Attribution attribution, double smartMicros, double baselineMicros) {
        String text = attributionText(label, attribution, smartMicros, baselineMicros);
        attributions.add(text);
        progress("%s", text.stripTrailing());
    }

    /** The attribution of one scenario as printed: a header line, then a line per step, most µs first. */
    static String attributionText(String label, Attribution attribution, double smartMicros, double baselineMicros) {
        StringBuilder lines = new StringBuilder();
        lines.append(("%s: where the request-thread µs go (JFR under interleaved load, %,d metered samples, %d in "
                + "enforcement steps = %.1f µs of the measured %+.1f µs):%n").formatted(label, attribution.samples(),
                attribution.enforcementSamples(), attribution.micros(attribution.enforcementSamples(), smartMicros,
                        baselineMicros), smartMicros - baselineMicros));
        attribution.steps().forEach((step, count) -> lines.append("    %6.1f µs  %4d  %s%n".formatted(
                attribution.micros(count, smartMicros, baselineMicros), count, step)));
        return lines.toString();
    }

    /** The median of {@code values} (the mean of the middle two for an even count). */
    static double median(double[] values) {
        double[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        return sorted.length % 2 == 1 ? sorted[sorted.length / 2]
                : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    }

    private static double cpuMicrosPerRequest(List<ServerProcess.Cpu> cpu, Wrk.Result result) {
        return cpu.stream().mapToLong(ServerProcess.Cpu::otherNanos).sum() / 1000.0 / Math.max(1, result.requests());
    }

    void token(Wrk.Result result, boolean exhausted) {
        // Running out of prepared bodies makes the rate a lower bound (noted below); it fails only if that is too low.
        boolean pass = result.perSecond() >= 1000 && result.p99Micros() < 50_000 && result.clean();
        row(TOKEN, "%.0f/s".formatted(result.perSecond()), "—",
                "p50 %s, p99 %s".formatted(ms(result.p50Micros()), ms(result.p99Micros())),
                "≥ 1000/s, p99 < 50 ms", verdict(TOKEN, pass));
        errors(TOKEN, result, "token");
        exhausted(TOKEN, exhausted);
        progress("%s: %.0f/s, p50 %s, p99 %s", TOKEN, result.perSecond(), ms(result.p50Micros()),
                ms(result.p99Micros()));
    }

    void codeExchange(Wrk.Result result, boolean exhausted) {
        untargetedRate("authorization_code exchange (public client, PKCE; access, refresh and id_token)",
                "code exchange", result, exhausted);
    }

    void creates(Wrk.Result result) {
        untargetedRate("FHIR create (POST Organization, system token)", "FHIR create", result, false);
    }

    void introspection(Wrk.Result result, boolean exhausted) {
        untargetedRate("introspection (private_key_jwt caller)", "introspection", result, exhausted);
    }

    /** A rate with latency that has no target: the row says only whether every answer was a 2xx. */
    private void untargetedRate(String label, String side, Wrk.Result result, boolean exhausted) {
        row(label, "%.0f/s".formatted(result.perSecond()), "—",
                "p50 %s, p99 %s".formatted(ms(result.p50Micros()), ms(result.p99Micros())), "none set",
                result.clean() ? "—" : "ERRORS");
        errors(label, result, side);
        exhausted(label, exhausted);
        progress("%s: %.0f/s, p50 %s, p99 %s", label, result.perSecond(), ms(result.p50Micros()),
                ms(result.p99Micros()));
    }

    void memory(long peakKb, long nowKb) {
        String label = "sample server peak RSS (VmHWM)";
        row(label, "%d MB".formatted(peakKb / 1024), "(same process)", "RSS at end %d MB".formatted(nowKb / 1024),
                "≤ 768 MB", verdict(label, peakKb <= RSS_TARGET_KB));
    }

    void table() {
        System.out.println();
        System.out.println("| measurement | SMART (/fhir) | baseline (/fhir-baseline) | ratio / latency | target | result |");
        System.out.println("|---|---|---|---|---|---|");
        rows.forEach(System.out::println);
        notes.forEach(note -> System.out.println("note: " + note));
        if (!costRows.isEmpty()) {
            System.out.println();
            System.out.println("The plugin's cost on the request thread (interleaved runs; the server's meter; CPU time "
                    + "and allocations per request):");
            System.out.println();
            System.out.println("| scenario | SMART | baseline | plugin's cost: median of runs | target | result |");
            System.out.println("|---|---|---|---|---|---|");
            costRows.forEach(System.out::println);
        }
        if (!attributions.isEmpty()) {
            System.out.println();
            attributions.forEach(System.out::print);
        }
        System.out.println("load average at end " + loadAverage() + " (at start " + loadAtStart + ")");
        System.out.println();
    }

    /** Every read scenario measured so far, as the chart's bar groups (server CPU per request on both sides). */
    List<BenchChart.Bar> cpuBars() {
        return List.copyOf(bars);
    }

    boolean missed(String label) {
        return missed.contains(label);
    }

    void profile(String label, Path recording, String summary) {
        System.out.println("profile of the SMART side of \"" + label + "\" (JFR, " + recording + "):");
        System.out.print(summary);
        System.out.println();
    }

    private String verdict(String label, boolean pass) {
        if (!pass) {
            missed.add(label);
        }
        return pass ? "PASS" : "MISS";
    }

    private void row(String... cells) {
        rows.add("| " + String.join(" | ", cells) + " |");
    }

    private void errors(String label, Wrk.Result result, String side) {
        if (!result.clean()) {
            notes.add("%s (%s): %d non-2xx answers, %d socket errors".formatted(label, side, result.non2xx(),
                    result.socketErrors()));
        }
    }

    private void exhausted(String label, boolean exhausted) {
        if (exhausted) {
            notes.add(label + ": the prepared request bodies ran out; the rate is a lower bound");
        }
    }

    private static String ms(long micros) {
        return "%.1f ms".formatted(micros / 1000.0);
    }

    private static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse("unknown CPU");
        } catch (IOException e) {
            return "unknown CPU";
        }
    }

    private static String memTotal() {
        try {
            return Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal"))
                    .map(l -> "%.1f GiB".formatted(Long.parseLong(l.replaceAll("[^0-9]", "")) / 1048576.0))
                    .findFirst().orElse("unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
