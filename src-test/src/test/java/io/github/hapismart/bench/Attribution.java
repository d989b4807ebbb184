package io.github.hapismart.bench;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Where the plugin's request-thread microseconds go: a JFR recording taken under interleaved load (both sides in
 * turn), its request-thread samples under the server's request meter, each counted for the outermost enforcement
 * frame on its stack (the plugin's classes, or HAPI's {@code auth}, {@code consent} and search-narrowing
 * interceptors, which run on the SMART side only). A step's share of all metered samples, times the meter's CPU time
 * of a SMART and a baseline request together, is that step's µs per SMART request.
 *
 * @param samples  request-thread samples under the meter (both sides)
 * @param steps    samples per step, most first
 */
record Attribution(int samples, Map<String, Integer> steps) {

    private static final Pattern ENFORCEMENT = Pattern.compile("^(io\\.github\\.hapismart\\.(?!sample\\.)"
            + "|ca\\.uhn\\.fhir\\.rest\\.server\\.interceptor\\.(auth|consent)\\."
            + "|ca\\.uhn\\.fhir\\.rest\\.server\\.interceptor\\.SearchNarrowingInterceptor).*");
    /** The plugin's classes that run on both sides (the CORS filter is mapped to every path) or only log. */
    private static final Pattern BOTH_SIDES = Pattern.compile(".*\\.(CorsFilter|UnreadBody|ExpectedDenialLogFilter)"
            + "[.$].*");
    private static final String METER = "io.github.hapismart.sample.RequestCostMeter.doFilter";
    /** The sample server's guard of the unprotected baseline: on the stack of every baseline request only. */
    private static final String BASELINE = "io.github.hapismart.sample.LoopbackOnlyFilter.doFilter";
    /** HAPI's calling of hooks: its lookups of each hook's parameters and the reflective call. */
    private static final Pattern DISPATCH = Pattern.compile("ca\\.uhn\\.fhir\\.(interceptor\\.executor\\."
            + "(Base)?InterceptorService|rest\\.server\\.util\\.CompositeInterceptorBroadcaster)[.$].*");
    /** The step of samples in HAPI's calling of the SMART side's hooks, outside every hook. */
    static final String HOOK_DISPATCH = "HAPI's hook dispatch (parameter lookups, reflective calls)";

    /** Reads {@code recording}'s execution samples. */
    static Attribution of(Path recording) {
        Map<String, Integer> steps = new TreeMap<>();
        int[] samples = {0};
        Profiler.forEachSample(recording, frames -> {
            if (frames.contains(METER)) {
                samples[0]++;
                stepOf(frames).ifPresent(step -> steps.merge(step, 1, Integer::sum));
            }
        });
        Map<String, Integer> sorted = new LinkedHashMap<>();
        steps.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .forEach(e -> sorted.put(e.getKey(), e.getValue()));
        return new Attribution(samples[0], sorted);
    }

    /**
     * The step a sample belongs to: its outermost enforcement frame (frames leaf first, as JFR gives them), as
     * {@code SimpleClass.method}; HAPI's consent interceptor and the plugin's subclass of it are one step. A SMART-side
     * sample in HAPI's hook dispatcher outside every enforcement frame is {@link #HOOK_DISPATCH}: the cost of having
     * hooks at all, which the baseline server does not pay.
     */
    static Optional<String> stepOf(List<String> frames) {
        Optional<String> step = enforcementStepOf(frames);
        if (step.isPresent() || frames.contains(BASELINE)) {
            return step;
        }
        // On the SMART side only: the baseline server has no hooks of its own to call.
        return frames.stream().anyMatch(frame -> DISPATCH.matcher(frame).matches())
                ? Optional.of(HOOK_DISPATCH) : Optional.empty();
    }

    private static Optional<String> enforcementStepOf(List<String> frames) {
        for (int i = frames.size() - 1; i >= 0; i--) {
            String frame = frames.get(i);
            String method = frame.substring(frame.lastIndexOf('.') + 1);
            // A lambda that HAPI calls as an anonymous hook (its class and its body) only hands HAPI's parameters
            // on: dispatch, not a step.
            boolean lambda = frame.contains("$$Lambda") || method.startsWith("lambda$");
            if (ENFORCEMENT.matcher(frame).matches() && !BOTH_SIDES.matcher(frame).matches() && !lambda) {
                String type = frame.substring(0, frame.lastIndexOf('.'));
                String simple = type.substring(type.lastIndexOf('.') + 1);
                return Optional.of(simple.endsWith("ConsentInterceptor") ? "ConsentInterceptor (HAPI's and the plugin's)"
                        : simple + "." + method);
            }
        }
        return Optional.empty();
    }

    /** µs per SMART request for {@code count} samples, given the meter's CPU time of one request on each side. */
    double micros(int count, double smartMicros, double baselineMicros) {
        return samples == 0 ? 0 : count * (smartMicros + baselineMicros) / samples;
    }

    /** Samples in any step. */
    int enforcementSamples() {
        return steps.values().stream().mapToInt(Integer::intValue).sum();
    }

}
