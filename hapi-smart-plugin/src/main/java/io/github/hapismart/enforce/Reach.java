package io.github.hapismart.enforce;

import java.util.List;
import java.util.Objects;

/**
 * How far one scope reaches on the server: everywhere, into some compartments, or nowhere. The rule compiler turns a
 * reach into HAPI's {@code withAnyId()}, {@code inCompartment(...)} or no rule at all; a reach never names types,
 * which come from the scope itself.
 */
public sealed interface Reach {

    /** Every resource of the scope's types on the server. */
    record ServerWide() implements Reach {
    }

    /**
     * Only resources in the named compartments, e.g. {@code Patient} with ids {@code [123]}.
     *
     * @param compartment a compartment name such as {@code Patient} or {@code Practitioner}
     * @param ids         logical ids of the compartment owners, without the type prefix; never empty
     */
    record Compartments(String compartment, List<String> ids) implements Reach {
        public Compartments {
            Objects.requireNonNull(compartment, "compartment");
            ids = List.copyOf(ids);
            if (ids.isEmpty()) {
                throw new IllegalArgumentException("a compartment reach needs at least one owner; use Reach.none()");
            }
        }
    }

    /** Nothing: the scope compiles to no rule. */
    record None() implements Reach {
    }

    static Reach serverWide() {
        return new ServerWide();
    }

    static Reach compartment(String compartment, String id) {
        return new Compartments(compartment, List.of(id));
    }

    static Reach none() {
        return new None();
    }
}
