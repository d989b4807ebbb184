package io.github.hapismart.conformance;

import java.util.Objects;
import org.junit.jupiter.api.function.Executable;

/**
 * One Inferno test as the suite runs it: its Inferno id (null for the few tests Inferno lists without one), its title
 * as Inferno shows it, and the check. The id and title make the test's display name, on which
 * {@link ConformanceSummary} and docs/inferno.md rely.
 */
record InfernoStep(String id, String title, Executable check) {

    InfernoStep {
        Objects.requireNonNull(title);
        Objects.requireNonNull(check);
    }

    static InfernoStep step(String id, String title, Executable check) {
        return new InfernoStep(id, title, check);
    }

    /** A test that Inferno lists under its group without an id of its own. */
    static InfernoStep unnamed(String title, Executable check) {
        return new InfernoStep(null, title, check);
    }
}
