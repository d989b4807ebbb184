package io.github.hapismart.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * Summarises a JFR recording's {@code jdk.ExecutionSample} events: the methods most often on top of the stack
 * (self time), and the plugin, HAPI-authorization, database and crypto methods most often anywhere on it (total
 * time), as a share of all samples.
 */
final class Profiler {

    private static final Pattern INTERESTING = Pattern.compile(
            "^(io\\.github\\.hapismart|ca\\.uhn\\.fhir\\.rest\\.server\\.interceptor|ca\\.uhn\\.fhir\\.jpa\\.search"
                    + "|ca\\.uhn\\.fhir\\.jpa\\.dao\\.BaseHapiFhirResourceDao|org\\.h2\\.command|com\\.nimbusds"
                    + "|sun\\.security\\.(rsa|ec)|org\\.springframework\\.security\\.crypto).*");

    private Profiler() {
    }

    /** Hands the stack (leaf first, {@code Class.method} names) of each execution sample in {@code recording}. */
    static void forEachSample(Path recording, java.util.function.Consumer<List<String>> stack) {
        try (RecordingFile file = new RecordingFile(recording)) {
            while (file.hasMoreEvents()) {
                RecordedEvent event = file.readEvent();
                if (event.getEventType().getName().equals("jdk.ExecutionSample") && event.getStackTrace() != null
                        && !event.getStackTrace().getFrames().isEmpty()) {
                    stack.accept(event.getStackTrace().getFrames().stream().map(Profiler::name).toList());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String summarise(Path recording, int top) {
        Map<String, Integer> self = new HashMap<>();
        Map<String, Integer> total = new HashMap<>();
        int[] samples = {0};
        forEachSample(recording, frames -> {
            samples[0]++;
            self.merge(frames.get(0), 1, Integer::sum);
            Set<String> seen = new HashSet<>();
            for (String name : frames) {
                if (INTERESTING.matcher(name).matches() && seen.add(name)) {
                    total.merge(name, 1, Integer::sum);
                }
            }
        });
        StringBuilder out = new StringBuilder();
        out.append("    ").append(samples[0]).append(" execution samples\n    self (top of stack):\n");
        append(out, self, samples[0], top);
        out.append("    total (on the stack; plugin, HAPI auth/search, H2, crypto):\n");
        append(out, total, samples[0], top);
        return out.toString();
    }

    private static void append(StringBuilder out, Map<String, Integer> counts, int samples, int top) {
        counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(top)
                .forEach(e -> out.append(String.format("      %5.1f%%  %s%n", 100.0 * e.getValue() / samples,
                        e.getKey())));
    }

    private static String name(RecordedFrame frame) {
        return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
    }
}
