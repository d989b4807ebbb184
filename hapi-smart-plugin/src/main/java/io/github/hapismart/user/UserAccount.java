package io.github.hapismart.user;

import io.github.hapismart.scope.FhirReference;
import java.util.Objects;
import java.util.Set;

/**
 * A person who can log in to the authorization server.
 *
 * @param username     the login name
 * @param passwordHash the password-encoder hash of the password (never the password)
 * @param fhirUser     the user's FHIR resource as a relative reference, e.g. {@code Practitioner/1234}
 * @param displayName  the name shown on the pages
 */
public record UserAccount(String username, String passwordHash, String fhirUser, String displayName) {

    private static final Set<String> USER_TYPES = Set.of("Practitioner", "Patient", "RelatedPerson", "Person");

    public UserAccount {
        Objects.requireNonNull(username);
        Objects.requireNonNull(passwordHash);
        Objects.requireNonNull(fhirUser);
        Objects.requireNonNull(displayName);
        if (FhirReference.tryParse(fhirUser).filter(ref -> USER_TYPES.contains(ref.type())).isEmpty()) {
            throw new IllegalArgumentException("fhirUser must be Practitioner/, Patient/, RelatedPerson/ or Person/<id>");
        }
    }

    /** The user's FHIR resource as a reference. */
    public FhirReference fhirUserReference() {
        return FhirReference.parse(fhirUser);
    }

    /** The resource type of the user's FHIR resource, e.g. {@code Practitioner}. */
    public String fhirUserType() {
        return fhirUserReference().type();
    }

    /** The logical id of the user's FHIR resource. */
    public String fhirUserId() {
        return fhirUserReference().id();
    }
}
