package io.github.hapismart.provision;

import java.util.Optional;

/**
 * Turns a declared {@code fhirUser} into a relative reference {@code Type/id}. A server whose ids it assigns itself
 * resolves searches (the HAPI JPA one in {@code hapi.JpaFhirUserResolver}); {@link #literalOnly()} accepts only
 * literal references.
 */
@FunctionalInterface
public interface FhirUserResolver {

    /** The reference {@code Type/id} for {@code fhirUser}; empty when nothing (or more than one thing) matches. */
    Optional<String> resolve(String fhirUser);

    /** Accepts {@code Type/id} as it is and resolves nothing else. */
    static FhirUserResolver literalOnly() {
        return fhirUser -> isLiteral(fhirUser) ? Optional.of(fhirUser) : Optional.empty();
    }

    /** Whether {@code fhirUser} is a literal relative reference, {@code Type/id}. */
    static boolean isLiteral(String fhirUser) {
        return fhirUser.matches("[A-Z][A-Za-z]+/[A-Za-z0-9\\-.]{1,64}");
    }
}
