package io.github.hapismart.conformance;

import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;

/**
 * A run of Inferno tests under one group path (for example {@code smart_standalone_launch_stu2_2}, or
 * {@code prerequisite / smart_standalone_launch_stu2_2} where a kit nests a group), in Inferno's order. Immutable:
 * the changes a kit makes to a shared group (another path, a test left out, tests added) make a new group. Each step
 * becomes one dynamic test named {@code <path> / <id>: <title>}, or {@code <path>: <title>} for a step without id.
 */
record InfernoGroup(String path, List<InfernoStep> steps) {

    InfernoGroup {
        Objects.requireNonNull(path);
        steps = List.copyOf(steps);
    }

    static InfernoGroup of(String path, InfernoStep... steps) {
        return new InfernoGroup(path, List.of(steps));
    }

    /** The same tests under another path, as when a kit reuses a group under its own id. */
    InfernoGroup as(String otherPath) {
        return new InfernoGroup(otherPath, steps);
    }

    /** The same tests nested in {@code parent}. */
    InfernoGroup within(String parent) {
        return as(parent + " / " + path);
    }

    /** Without the test {@code id}, which the kit's variant of the group does not have. */
    InfernoGroup without(String id) {
        if (steps.stream().noneMatch(step -> id.equals(step.id()))) {
            throw new IllegalArgumentException(path + " has no test " + id);
        }
        return new InfernoGroup(path, steps.stream().filter(step -> !id.equals(step.id())).toList());
    }

    /** With {@code more} tests after these, under the same path. */
    InfernoGroup then(InfernoStep... more) {
        return new InfernoGroup(path, Stream.concat(steps.stream(), Stream.of(more)).toList());
    }

    /** The display name of {@code step} in this group. */
    String nameOf(InfernoStep step) {
        return step.id() == null ? path + ": " + step.title() : path + " / " + step.id() + ": " + step.title();
    }

    /** The group's tests, in order. */
    Stream<DynamicTest> tests() {
        return steps.stream().map(step -> DynamicTest.dynamicTest(nameOf(step), step.check()));
    }
}
