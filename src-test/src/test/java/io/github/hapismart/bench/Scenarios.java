package io.github.hapismart.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The measured scenarios. Reads and searches run the same request against {@code /fhir} (SMART token, plugin on)
 * and {@code /fhir-baseline} (no plugin) in alternating order, so drift in the machine's load hits both sides. The
 * token and introspection endpoints get a fresh client assertion on every request, signed before the run.
 */
final class Scenarios {

    /**
     * A read scenario: its ratio target (issue 20: a median of at least 0.98 on every scenario), and its target for
     * the plugin's cost on the request thread (issue 20: at most 15 µs on {@code Patient/{id}}, at most 2 % of the
     * baseline on a search).
     */
    private record ReadScenario(String label, String path, String token, double target,
                                Report.CostTarget costTarget) {
    }

    private final BenchmarkMain.Options options;
    private final Wrk wrk;
    private final ServerProcess server;
    private final Report report;
    private final String root;
    private final PreparedData data;
    private final Map<String, Runnable> profilers = new LinkedHashMap<>();
    private final List<Runnable> attributions = new ArrayList<>();
    private boolean stackDepthRaised;
    private static final int ATTRIBUTION_SECONDS = 60;

    Scenarios(BenchmarkMain.Options options, Wrk wrk, ServerProcess server, Report report, String root,
              PreparedData data) {
        this.options = options;
        this.wrk = wrk;
        this.server = server;
        this.report = report;
        this.root = root;
        this.data = data;
    }

    void measureReads() {
        String patient = data.patientId();
        List<ReadScenario> scenarios = List.of(
                new ReadScenario("GET Patient/{id}, patient/*.rs", "/Patient/" + patient, data.patientToken(), 0.98,
                        Report.CostTarget.micros(15)),
                new ReadScenario("GET Observation?patient={id}, patient/*.rs", "/Observation?patient=" + patient,
                        data.patientToken(), 0.98, Report.CostTarget.share(0.02)),
                new ReadScenario("GET Observation?patient={id}&category=laboratory, granular "
                        + "patient/Observation.rs?category=laboratory",
                        "/Observation?patient=" + patient + "&category=" + BackendKeys.encode(PreparedData.LABORATORY),
                        data.laboratoryToken(), 0.98, Report.CostTarget.share(0.02)));
        settleJit(scenarios);
        collectStartupGarbage();
        for (ReadScenario scenario : scenarios) {
            Map<String, String> headers = Map.of("Authorization", "Bearer " + scenario.token(),
                    "Accept", "application/fhir+json");
            String smartUrl = root + "/fhir" + scenario.path();
            String baselineUrl = root + "/fhir-baseline" + scenario.path();
            wrk.get(smartUrl, options.warmup(), headers);
            wrk.get(baselineUrl, options.warmup(), headers);
            List<Report.ReadRound> rounds = new ArrayList<>();
            ServerProcess.FullGcs gcBefore = server.fullGcs();
            for (int round = 0; round < options.rounds(); round++) {
                boolean smartFirst = round % 2 == 0;
                ServerProcess.Cpu start = server.cpu();
                Wrk.Result first = wrk.get(smartFirst ? smartUrl : baselineUrl, options.seconds(), headers);
                ServerProcess.Cpu middle = server.cpu();
                Wrk.Result second = wrk.get(smartFirst ? baselineUrl : smartUrl, options.seconds(), headers);
                ServerProcess.Cpu end = server.cpu();
                rounds.add(smartFirst
                        ? new Report.ReadRound(first, middle.since(start), second, end.since(middle))
                        : new Report.ReadRound(second, end.since(middle), first, middle.since(start)));
            }
            report.read(scenario.label(), rounds, scenario.target());
            // Then both sides in the same runs, request by request, for the plugin's cost on the request thread.
            List<ServerProcess.Meter> interleaved = new ArrayList<>();
            for (int run = 0; run < options.interleavedRuns(); run++) {
                ServerProcess.Cpu start = server.cpu();
                Wrk.Result result = wrk.alternate(smartUrl, "/fhir-baseline" + scenario.path(), options.seconds(),
                        headers);
                interleaved.add(server.cpu().since(start).meter());
                if (!result.clean()) {
                    report.progress("%s, interleaved run %d: %d non-2xx answers, %d socket errors", scenario.label(),
                            run + 1, result.non2xx(), result.socketErrors());
                }
            }
            report.interleaved(scenario.label(), interleaved, scenario.costTarget());
            attributions.add(() -> attribute(scenario.label(), smartUrl, "/fhir-baseline" + scenario.path(),
                    headers, interleaved));
            report.progress("full collections during the %d rounds: %s", options.rounds(),
                    server.fullGcs().since(gcBefore));
            profilers.put(scenario.label(), () -> profile(scenario.label(),
                    () -> wrk.get(smartUrl, options.seconds(), headers)));
        }
    }

    /**
     * Records where each measured read scenario's request-thread µs go ({@link #attribute}), unless
     * {@code -Dbench.profile=never}. Called after everything else is measured, the server's peak RSS included: in one
     * run the scenario measured right after a JFR recording ran six times slower (the JIT busy 19 % of its rounds),
     * and a recording of these deep stacks took the server's peak RSS from about 730 MB to 1,117 MB.
     */
    void attributeReads() {
        if (options.profile().equals("never")) {
            return;
        }
        for (Runnable attribution : attributions) {
            try {
                attribution.run();
            } catch (RuntimeException e) {
                // A profile that cannot be taken or read costs the table its attribution, not the run its figures.
                report.progress("attribution FAILED: %s", e);
            }
        }
    }

    /**
     * One more interleaved run, with JFR recording on the server, after the measured ones (recording slows every
     * request): where the plugin's request-thread microseconds go ({@link Attribution}), converted to µs with the
     * measured runs' CPU per request. JFR's stack depth is raised first so that each sample reaches the meter's frame.
     */
    private void attribute(String label, String smartUrl, String baselinePath, Map<String, String> headers,
                           List<ServerProcess.Meter> measured) {
        if (!stackDepthRaised) {
            server.jcmd("JFR.configure", "stackdepth=512");
            stackDepthRaised = true;
        }
        Path recording = options.workDir().resolve("attribution-" + Math.abs(label.hashCode()) + ".jfr");
        server.jcmd("JFR.start", "name=attribution", "settings=profile");
        try {
            // JFR takes only some 40-50 samples a second of these deep stacks on two cores: a minute gives a few
            // thousand, enough to tell the steps apart to within a few µs.
            wrk.alternate(smartUrl, baselinePath, ATTRIBUTION_SECONDS, headers);
        } finally {
            server.jcmd("JFR.stop", "name=attribution", "filename=" + recording);
        }
        double smart = Report.median(measured.stream().mapToDouble(m -> m.smart().cpuMicrosPerRequest()).toArray());
        double baseline = Report.median(measured.stream().mapToDouble(m -> m.baseline().cpuMicrosPerRequest())
                .toArray());
        report.attribution(label, Attribution.of(recording), smart, baseline);
    }

    /**
     * Runs every read scenario on both sides, pass after pass, until the JIT has settled: on two cores HotSpot's C2
     * compiler spends minutes of CPU on HAPI's code after a start, and a side measured while it compiles loses a
     * core to it. Settled = a pass in which the JIT compiler threads used less than 5 % of the pass's wall time in
     * CPU, or 4 minutes.
     */
    private void settleJit(List<ReadScenario> scenarios) {
        long started = System.nanoTime();
        int passes = 0;
        double share = 1;
        while (share >= 0.05 && System.nanoTime() - started < 240_000_000_000L) {
            long compileBefore = server.cpu().jitNanos();
            long passStart = System.nanoTime();
            for (ReadScenario scenario : scenarios) {
                Map<String, String> headers = Map.of("Authorization", "Bearer " + scenario.token(),
                        "Accept", "application/fhir+json");
                wrk.get(root + "/fhir" + scenario.path(), 4, headers);
                wrk.get(root + "/fhir-baseline" + scenario.path(), 4, headers);
            }
            share = (double) (server.cpu().jitNanos() - compileBefore) / (System.nanoTime() - passStart);
            passes++;
        }
        report.progress("JIT warm-up: %d passes over every read scenario in %.0f s; JIT busy %.1f %% of the last pass",
                passes, (System.nanoTime() - started) / 1e9, 100 * share);
    }

    /**
     * One full collection (jcmd GC.run) once the JIT has settled, before anything is measured: start-up (Spring,
     * HAPI, the demo data) and the warm-up leave tens of megabytes of garbage in the old generation, and the full
     * collection that clears them would otherwise land in whichever measured run came next, as JIT compilation
     * did before the warm-up. Every collection after this one happens on its own; the harness prints how many full
     * collections each measured run saw.
     */
    void collectStartupGarbage() {
        server.jcmd("GC.run");
        report.progress("start-up garbage collected (jcmd GC.run); full collections so far %s", server.fullGcs());
    }

    void measureToken(BackendKeys client) {
        String url = root + "/auth/token";
        Supplier<String> body = () -> client.tokenForm("system/*.rs");
        BodiesRun run = postFreshBodies("token", url, body);
        report.token(run.result(), run.exhausted());
        profilers.put(Report.TOKEN, () -> profile(Report.TOKEN, () -> postFreshBodies("token-profile", url, body)));
    }

    /** Authorization-code exchanges, each body redeeming a code minted before the server process started. */
    void measureCodeExchange() {
        PreparedData.CodeExchanges codes = data.codeExchanges();
        String url = root + "/auth/token";
        Wrk.Result warm = wrk.postEach(url, options.warmup(), codes.warmup());
        report.progress("code exchange: warm-up %.0f/s (%d non-2xx)", warm.perSecond(), warm.non2xx());
        Wrk.Result result = countingFullGcs("code exchange", () -> wrk.postEach(url, options.seconds(),
                codes.measured()));
        report.codeExchange(result, result.requests() >= codes.measuredCount() * 0.99);
    }

    /**
     * FHIR creates ({@code POST /fhir/Organization}, system token): each is a committed database transaction that
     * the server answers only once it would survive a crash (docs/benchmarks.md, durability).
     */
    void measureCreates() {
        String url = root + "/fhir/Organization";
        Map<String, String> headers = Map.of("Authorization", "Bearer " + data.writeToken(),
                "Accept", "application/fhir+json");
        Wrk.Result warm = wrk.create(url, options.warmup(), headers);
        report.progress("FHIR create: warm-up %.0f/s (%d non-2xx)", warm.perSecond(), warm.non2xx());
        ServerProcess.Cpu before = server.cpu();
        Wrk.Result result = countingFullGcs("FHIR create", () -> wrk.create(url, options.seconds(), headers));
        report.creates(result);
        report.progress("FHIR create: server CPU %.0f µs per request",
                server.cpu().since(before).otherNanos() / 1000.0 / Math.max(1, result.requests()));
    }

    void measureIntrospection(BackendKeys client) {
        BodiesRun run = postFreshBodies("introspect", root + "/auth/introspect",
                () -> client.introspectionForm(data.patientToken()));
        report.introspection(run.result(), run.exhausted());
    }

    private record BodiesRun(Wrk.Result result, boolean exhausted) {
    }

    /**
     * Warms the endpoint with a batch of bodies, estimates its rate, signs enough bodies for the measured run
     * (with headroom) and runs it. A run that used every body is flagged: its rate is then a lower bound.
     */
    private BodiesRun postFreshBodies(String name, String url, Supplier<String> body) {
        int warmupCount = 3_000 * options.warmup();
        Path warmupBodies = BenchmarkMain.bodies(options.workDir(), name + "-warmup", warmupCount, body);
        Wrk.Result warm = wrk.postEach(url, options.warmup(), warmupBodies);
        boolean warmExhausted = warm.requests() >= warmupCount * 0.99;
        double rate = warmExhausted ? 2.0 * warmupCount / options.warmup() : warm.perSecond();
        int count = (int) Math.ceil(rate * options.seconds() * 1.5) + 500;
        report.progress("%s: warm-up %.0f/s (%d non-2xx); signing %d assertions for the measured run", name,
                warm.perSecond(), warm.non2xx(), count);
        Path bodies = BenchmarkMain.bodies(options.workDir(), name, count, body);
        ServerProcess.Cpu before = server.cpu();
        Wrk.Result result = countingFullGcs(name, () -> wrk.postEach(url, options.seconds(), bodies));
        report.progress("%s: server CPU %.0f µs per request", name,
                server.cpu().since(before).otherNanos() / 1000.0 / Math.max(1, result.requests()));
        return new BodiesRun(result, result.requests() >= count * 0.99);
    }

    /** Runs a measured run and reports how many full collections happened during it. */
    private Wrk.Result countingFullGcs(String name, Supplier<Wrk.Result> run) {
        ServerProcess.FullGcs before = server.fullGcs();
        Wrk.Result result = run.get();
        report.progress("%s: full collections during the measured run: %s", name, server.fullGcs().since(before));
        return result;
    }

    /** Records JFR on the server while {@code load} runs, for every target the report marks missed. */
    void profileMisses() {
        boolean always = options.profile().equals("always");
        if (options.profile().equals("never")) {
            return;
        }
        profilers.forEach((label, profiler) -> {
            if (always || report.missed(label)) {
                profiler.run();
            }
        });
    }

    private void profile(String label, Runnable load) {
        Path recording = options.workDir().resolve("profile-" + Math.abs(label.hashCode()) + ".jfr");
        server.jcmd("JFR.start", "name=bench", "settings=profile");
        try {
            load.run();
        } finally {
            server.jcmd("JFR.stop", "name=bench", "filename=" + recording);
        }
        report.profile(label, recording, Profiler.summarise(recording, 15));
    }
}
