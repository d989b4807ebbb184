package io.github.hapismart.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs Debian's {@code wrk} as the load generator (a separate process, one thread, a fixed number of keep-alive
 * connections, bounded by time) and parses the line its Lua {@code done} hook prints.
 */
final class Wrk {

    /** What one wrk run measured. Latencies in microseconds, as wrk records them. */
    record Result(long requests, long durationMicros, long non2xx, long socketErrors, long p50Micros,
                  long p99Micros, long meanMicros) {

        double perSecond() {
            return requests * 1_000_000.0 / durationMicros;
        }

        boolean clean() {
            return non2xx == 0 && socketErrors == 0;
        }

        Result plus(Result other) {
            return new Result(requests + other.requests, durationMicros + other.durationMicros,
                    non2xx + other.non2xx, socketErrors + other.socketErrors,
                    Math.max(p50Micros, other.p50Micros), Math.max(p99Micros, other.p99Micros),
                    (meanMicros + other.meanMicros) / 2);
        }
    }

    private final Path scripts;
    private final int connections;

    Wrk(Path scripts, int connections) {
        this.scripts = scripts;
        this.connections = connections;
    }

    /** GETs {@code url} with the given headers for {@code seconds}. */
    Result get(String url, int seconds, Map<String, String> headers) {
        return run(url, seconds, headers, scripts.resolve("report.lua"), List.of());
    }

    /**
     * GETs {@code url} and {@code otherPath} (on the same server) in turn on every connection for {@code seconds}:
     * both sides of a comparison at the same moments, half the requests each. The result counts both.
     */
    Result alternate(String url, String otherPath, int seconds, Map<String, String> headers) {
        return run(url, seconds, headers, scripts.resolve("alternate.lua"), List.of(otherPath));
    }

    /** POSTs the FHIR resource in {@code create.lua} (a new one each time) to {@code url} for {@code seconds}. */
    Result create(String url, int seconds, Map<String, String> headers) {
        return run(url, seconds, headers, scripts.resolve("create.lua"), List.of());
    }

    /** POSTs each line of {@code bodies} once (as a form) to {@code url}, for at most {@code seconds}. */
    Result postEach(String url, int seconds, Path bodies) {
        return run(url, seconds, Map.of(), scripts.resolve("rotate.lua"), List.of(bodies.toString()));
    }

    private Result run(String url, int seconds, Map<String, String> headers, Path script, List<String> scriptArgs) {
        if (!url.startsWith("http://127.0.0.1:")) {
            throw new IllegalArgumentException("The benchmark only loads 127.0.0.1: " + url);
        }
        List<String> command = new ArrayList<>(List.of("wrk", "-t1", "-c" + connections, "-d" + seconds + "s",
                "--timeout", "10s", "-s", script.toString()));
        headers.forEach((name, value) -> command.addAll(List.of("-H", name + ": " + value)));
        command.add(url);
        if (!scriptArgs.isEmpty()) {
            command.add("--");
            command.addAll(scriptArgs);
        }
        try {
            // In the scripts' folder, where create.lua finds report.lua.
            Process process = new ProcessBuilder(command).directory(scripts.toFile()).redirectErrorStream(true)
                    .start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(seconds + 60L, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IllegalStateException("wrk failed: " + output);
            }
            return parse(output);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not run wrk (install it: apt-get install wrk)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Result parse(String output) {
        String line = output.lines().filter(l -> l.startsWith("BENCH ")).findFirst()
                .orElseThrow(() -> new IllegalStateException("wrk printed no result: " + output));
        Map<String, Long> values = new HashMap<>();
        for (String pair : line.substring(6).trim().split(" ")) {
            String[] kv = pair.split("=");
            values.put(kv[0], Long.parseLong(kv[1]));
        }
        return new Result(values.get("requests"), values.get("duration_us"), values.get("non2xx"),
                values.get("socket_errors"), values.get("p50_us"), values.get("p99_us"), values.get("mean_us"));
    }

    /** wrk's version line, for the report. */
    static String version() {
        try {
            Process process = new ProcessBuilder("wrk", "-v").redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            process.waitFor(10, TimeUnit.SECONDS);
            return output.lines().findFirst().orElse("wrk").trim();
        } catch (IOException e) {
            throw new UncheckedIOException("wrk is not installed (apt-get install wrk)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "wrk";
        }
    }
}
