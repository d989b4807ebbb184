package io.github.hapismart.bench;

import io.github.hapismart.it.SampleServerProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The sample server in its own JVM, started as the README's run command starts it ({@code java -XX:+UseSerialGC -Xmx640m ...}, the
 * sample's own logging), with the benchmark baseline on. Samples the process's resident set from {@code /proc}.
 */
final class ServerProcess implements AutoCloseable {

    /** The JVM options of the README's run command ({@code sample-server/pom.xml}, profile {@code run}). */
    static final List<String> RUN_COMMAND_JVM_OPTIONS = List.of("-XX:+UseSerialGC", "-Xmx640m", "-Xmn64m",
            "-XX:SurvivorRatio=4", "-XX:TargetSurvivorRatio=80", "-XX:MinHeapFreeRatio=20", "-XX:MaxHeapFreeRatio=40",
            "-XX:+IgnoreUnrecognizedVMOptions", "-XX:+UnlockExperimentalVMOptions", "-XX:TrimNativeHeapInterval=1000");

    private final SampleServerProcess process;
    private final java.net.URI meter;
    private final java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
    private final com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
    private final AtomicLong peakSampledRssKb = new AtomicLong();
    private final Thread sampler;

    private ServerProcess(SampleServerProcess process, String rootUrl) {
        this.process = process;
        this.meter = java.net.URI.create(rootUrl + "/bench-meter");
        this.sampler = new Thread(this::sampleRss, "rss-sampler");
        sampler.setDaemon(true);
        sampler.start();
    }

    static ServerProcess start(int port, Path dataDir, String rootUrl, Path log, List<String> jvmOptions,
                               List<String> serverArgs) {
        if (auditAccess()) {
            // The sample server's switch for patient-data access auditing (docs/audit.md).
            jvmOptions = new java.util.ArrayList<>(jvmOptions);
            jvmOptions.add("-Dsmart.audit-patient-data-access=true");
        }
        List<String> args = new java.util.ArrayList<>(List.of("--public-url=" + rootUrl, "--benchmark-baseline=true"));
        args.addAll(serverArgs);
        return new ServerProcess(SampleServerProcess.start(port, dataDir, log, jvmOptions, args), rootUrl);
    }

    /**
     * Whether the run audits patient-data access too ({@code -Dbench.auditAccess=true}, set by the {@code bench}
     * profile from the Maven property of that name); by default the server audits refusals only.
     */
    static boolean auditAccess() {
        return Boolean.getBoolean("bench.auditAccess");
    }

    /** The audit mode, as the report names it. */
    static String auditMode() {
        return auditAccess() ? "refusals and patient-data access (-Dbench.auditAccess=true)"
                : "refusals only (the default)";
    }

    long pid() {
        return process.pid();
    }

    /** VmHWM: the peak resident set of the server process since it started, in kB. */
    long peakRssKb() {
        return Math.max(statusKb("VmHWM").orElse(0L), peakSampledRssKb.get());
    }

    /** VmRSS now, in kB. */
    long rssKb() {
        return statusKb("VmRSS").orElse(0L);
    }

    private void sampleRss() {
        while (process.isAlive()) {
            statusKb("VmRSS").ifPresent(kb -> peakSampledRssKb.accumulateAndGet(kb, Math::max));
            sleep(250);
        }
    }

    private Optional<Long> statusKb(String field) {
        try {
            return Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status")).stream()
                    .filter(line -> line.startsWith(field + ":"))
                    .map(line -> Long.parseLong(line.replaceAll("[^0-9]", "")))
                    .findFirst();
        } catch (IOException gone) {
            return Optional.empty();
        }
    }

    /** The first lines of {@code jcmd GC.heap_info}: committed and used heap, metaspace. */
    String heapInfo() {
        return jcmd("GC.heap_info").lines().map(String::trim).filter(l -> !l.isEmpty() && !l.matches("\\d+:"))
                .filter(l -> !l.startsWith("region size") && !l.contains("young (") )
                .limit(4).reduce((a, b) -> a + "; " + b).orElse("?");
    }

    /**
     * CPU time (user + system) of the server process so far, split into its JIT compiler threads' and the rest's
     * (request handling, GC, everything else), read from {@code /proc/<pid>/stat} and {@code /proc/<pid>/task/*}/stat
     * without starting a process (Linux counts it in clock ticks of 10 ms, {@code USER_HZ} = 100); and the server's
     * own per-request meter ({@code /bench-meter}, the sample server's {@code RequestCostMeter}): CPU time and
     * allocations of the request threads alone, per side, in nanoseconds and bytes.
     */
    Cpu cpu() {
        Path proc = Path.of("/proc", Long.toString(process.pid()));
        long total = ticks(proc.resolve("stat")).map(TaskTicks::ticks).orElse(0L);
        long jit = 0;
        try (java.util.stream.Stream<Path> tasks = Files.list(proc.resolve("task"))) {
            jit = tasks.map(task -> ticks(task.resolve("stat"))).flatMap(Optional::stream)
                    .filter(task -> task.name().startsWith("C1 Compiler") || task.name().startsWith("C2 Compiler"))
                    .mapToLong(TaskTicks::ticks).sum();
        } catch (IOException gone) {
            // the process has exited; the totals above are what is left
        }
        return new Cpu(jit * TICK_NANOS, (total - jit) * TICK_NANOS, meter());
    }

    private Meter meter() {
        try {
            String body = http.send(java.net.http.HttpRequest.newBuilder(meter).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString()).body();
            com.fasterxml.jackson.databind.JsonNode totals = json.readTree(body);
            return new Meter(side(totals.path("smart")), side(totals.path("baseline")));
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read the server's request meter at " + meter, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Side side(com.fasterxml.jackson.databind.JsonNode json) {
        if (!json.has("requests")) {
            throw new IllegalStateException("The server's request meter answered without " + json);
        }
        return new Side(json.get("requests").asLong(), json.get("cpuNanos").asLong(),
                json.get("allocatedBytes").asLong());
    }

    /**
     * CPU time of the server's threads, in nanoseconds: its JIT compilers' and everything else's; and the request
     * meter's totals.
     */
    record Cpu(long jitNanos, long otherNanos, Meter meter) {

        Cpu since(Cpu earlier) {
            return new Cpu(jitNanos - earlier.jitNanos, otherNanos - earlier.otherNanos,
                    meter.since(earlier.meter));
        }
    }

    /** The request meter of both sides ({@code /fhir} and {@code /fhir-baseline}). */
    record Meter(Side smart, Side baseline) {

        Meter since(Meter earlier) {
            return new Meter(smart.since(earlier.smart), baseline.since(earlier.baseline));
        }
    }

    /** Requests one side answered, and its request threads' CPU time and allocated bytes while answering them. */
    record Side(long requests, long cpuNanos, long allocatedBytes) {

        Side plus(Side other) {
            return new Side(requests + other.requests, cpuNanos + other.cpuNanos,
                    allocatedBytes + other.allocatedBytes);
        }

        Side since(Side earlier) {
            return new Side(requests - earlier.requests, cpuNanos - earlier.cpuNanos,
                    allocatedBytes - earlier.allocatedBytes);
        }

        double cpuMicrosPerRequest() {
            return cpuNanos / 1000.0 / Math.max(1, requests);
        }

        double allocatedKbPerRequest() {
            return allocatedBytes / 1024.0 / Math.max(1, requests);
        }
    }

    private static final long TICK_NANOS = 10_000_000L;

    private record TaskTicks(String name, long ticks) {
    }

    /** The thread (or process) name and its utime + stime from a {@code stat} file (fields 14 and 15). */
    private static Optional<TaskTicks> ticks(Path stat) {
        try {
            String line = Files.readString(stat);
            int open = line.indexOf('(');
            int close = line.lastIndexOf(')');
            String[] fields = line.substring(close + 2).trim().split(" ");
            // fields[0] is field 3 (state), so utime (14) and stime (15) are fields[11] and fields[12]
            return Optional.of(new TaskTicks(line.substring(open + 1, close),
                    Long.parseLong(fields[11]) + Long.parseLong(fields[12])));
        } catch (IOException | RuntimeException gone) {
            return Optional.empty(); // a thread that ended between listing and reading
        }
    }

    /** Full (old-generation) collections of the server so far and their total pause, read with {@code jstat -gc}. */
    FullGcs fullGcs() {
        try {
            List<String> lines = jdkTool("jstat", List.of("-gc", Long.toString(process.pid()))).lines().toList();
            List<String> names = List.of(lines.get(0).trim().split("\\s+"));
            List<String> values = List.of(lines.get(1).trim().split("\\s+"));
            return new FullGcs(Long.parseLong(values.get(names.indexOf("FGC"))),
                    Double.parseDouble(values.get(names.indexOf("FGCT"))));
        } catch (RuntimeException e) {
            return new FullGcs(-1, 0);
        }
    }

    /** A count of full collections and their summed pause in seconds ({@code -1}: could not be read). */
    record FullGcs(long count, double seconds) {

        FullGcs since(FullGcs earlier) {
            return count < 0 || earlier.count < 0 ? new FullGcs(-1, 0)
                    : new FullGcs(count - earlier.count, seconds - earlier.seconds);
        }

        @Override
        public String toString() {
            return count < 0 ? "unknown" : "%d (%.2f s)".formatted(count, seconds);
        }
    }

    /** Runs {@code jcmd <pid> <args>} against the server and returns its output. */
    String jcmd(String... args) {
        List<String> command = new java.util.ArrayList<>(List.of(Long.toString(process.pid())));
        command.addAll(List.of(args));
        return jdkTool("jcmd", command);
    }

    /** Runs the JDK's {@code tool} (jcmd, jstat) with {@code args} and returns its output. */
    private static String jdkTool(String tool, List<String> args) {
        List<String> command = new java.util.ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", tool).toString());
        command.addAll(args);
        try {
            Process running = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(running.getInputStream().readAllBytes());
            if (!running.waitFor(60, TimeUnit.SECONDS) || running.exitValue() != 0) {
                throw new IllegalStateException(tool + " failed: " + output);
            }
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        process.terminate();
        process.awaitExit();
    }
}
