package io.github.hapismart.conformance;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Collects the outcome of every conformance test per Inferno group (one test class per group; its steps are the
 * dynamic tests of {@link InfernoSuite}, named as Inferno names them) and prints the summary
 * table when the run ends: group, passed, failed, skipped, then each failure with its message. Registered through
 * {@code META-INF/services}, so it sees the real outcomes of whatever run includes the suite (the README's
 * {@code mvn -B verify} or a filtered run); it stays silent when no conformance test ran. The table is also written to
 * {@code target/conformance-summary.md}. A step marked {@link KnownFailure} that fails counts as failed here, although
 * the build sees it as aborted.
 */
public final class ConformanceSummary implements TestExecutionListener {

    private static final String PACKAGE = ConformanceSummary.class.getPackageName() + ".";

    private final Map<String, int[]> rows = new LinkedHashMap<>();
    private final List<String> failures = new ArrayList<>();
    private TestPlan plan;

    @Override
    public void testPlanExecutionStarted(TestPlan testPlan) {
        this.plan = testPlan;
        rows.clear();
        failures.clear();
    }

    @Override
    public void executionSkipped(TestIdentifier id, String reason) {
        if (id.isTest()) {
            group(id).ifPresent(group -> count(group, 2));
        } else if (isConformanceClass(id)) {
            plan.getDescendants(id).stream().filter(TestIdentifier::isTest)
                    .forEach(test -> count(id.getDisplayName(), 2));
        }
    }

    @Override
    public void executionFinished(TestIdentifier id, TestExecutionResult result) {
        if (id.isTest()) {
            group(id).ifPresent(group -> {
                switch (result.getStatus()) {
                    case SUCCESSFUL -> count(group, 0);
                    case FAILED -> {
                        count(group, 1);
                        failures.add(group + " | " + id.getDisplayName() + " | " + message(result));
                    }
                    case ABORTED -> {
                        if (result.getThrowable().orElse(null) instanceof KnownFailure.Reported) {
                            count(group, 1);
                            failures.add(group + " | " + id.getDisplayName() + " | " + message(result));
                        } else {
                            count(group, 2);
                        }
                    }
                }
            });
        } else if (!isConformanceClass(id) && result.getStatus() == TestExecutionResult.Status.FAILED
                && group(id).isPresent()) {
            // The set-up of a class's groups (InfernoSuite#groups: registration, launch plan) failed before any of
            // its dynamic steps existed: one failure for the group, since its steps cannot be counted.
            String group = group(id).get();
            count(group, 1);
            failures.add(group + " | (group set-up) | " + message(result));
        } else if (isConformanceClass(id) && result.getStatus() == TestExecutionResult.Status.FAILED) {
            // A group whose set-up failed: its steps never ran, and each of them counts as failed.
            rows.computeIfAbsent(id.getDisplayName(), key -> new int[3]);
            int ran = java.util.Arrays.stream(rows.get(id.getDisplayName())).sum();
            long steps = plan.getDescendants(id).stream().filter(TestIdentifier::isTest).count();
            for (long i = ran; i < steps; i++) {
                count(id.getDisplayName(), 1);
            }
            failures.add(id.getDisplayName() + " | (group set-up) | " + message(result));
        }
    }

    @Override
    public void testPlanExecutionFinished(TestPlan testPlan) {
        if (rows.isEmpty()) {
            return;
        }
        String table = table();
        PrintStream out = System.out;
        out.println();
        out.println(table);
        out.flush();
        try {
            Path target = Path.of(System.getProperty("basedir", "."), "target");
            Files.createDirectories(target);
            Files.writeString(target.resolve("conformance-summary.md"), table, StandardCharsets.UTF_8);
        } catch (IOException e) {
            out.println("Could not write target/conformance-summary.md: " + e.getMessage());
        }
    }

    /** The summary as a Markdown table, followed by the failures. */
    String table() {
        int width = Math.max(5, rows.keySet().stream().mapToInt(String::length).max().orElse(5));
        StringBuilder text = new StringBuilder();
        text.append("Inferno-style conformance run (SMART App Launch STU2.2 and ONC g(10) authorization groups)\n\n");
        text.append(String.format("| %-" + width + "s | passed | failed | skipped |%n", "group"));
        text.append("|").append("-".repeat(width + 2)).append("|--------|--------|---------|\n");
        int[] total = new int[3];
        new java.util.TreeMap<>(rows).forEach((group, counts) -> {
            text.append(String.format("| %-" + width + "s | %6d | %6d | %7d |%n", group, counts[0], counts[1],
                    counts[2]));
            for (int i = 0; i < 3; i++) {
                total[i] += counts[i];
            }
        });
        text.append(String.format("| %-" + width + "s | %6d | %6d | %7d |%n", "total", total[0], total[1],
                total[2]));
        if (!failures.isEmpty()) {
            text.append("\nFailures (group | test | message):\n");
            failures.forEach(failure -> text.append("- ").append(failure).append('\n'));
        }
        return text.toString();
    }

    private void count(String group, int column) {
        rows.computeIfAbsent(group, key -> new int[3])[column]++;
    }

    private Optional<String> group(TestIdentifier test) {
        Optional<TestIdentifier> current = Optional.of(test);
        while (current.isPresent()) {
            if (isConformanceClass(current.get())) {
                return Optional.of(current.get().getDisplayName());
            }
            current = plan.getParent(current.get());
        }
        return Optional.empty();
    }

    private static boolean isConformanceClass(TestIdentifier id) {
        Optional<TestSource> source = id.getSource();
        return source.isPresent() && source.get() instanceof ClassSource cls
                && cls.getClassName().startsWith(PACKAGE) && !(source.get() instanceof MethodSource);
    }

    private static String message(TestExecutionResult result) {
        return result.getThrowable().map(t -> {
            String text = String.valueOf(t.getMessage());
            int newline = text.indexOf('\n');
            return (newline < 0 ? text : text.substring(0, newline)).strip();
        }).orElse("");
    }
}
