package io.github.hapismart.user;

import java.util.Objects;

/**
 * A person who can log in to the authorization server.
 *
 * @param username     the login name
 * @param passwordHash the password-encoder hash of the password (never the password)
 * @param fhirUser     the user's FHIR resource as a relative reference, e.g. {@code Practitioner/1234}
 * @param displayName  the name shown on the pages
 */
public record UserAccount(String username, String passwordHash, String fhirUser, String displayName) {

    public UserAccount {
        Objects.requireNonNull(username);
        Objects.requireNonNull(passwordHash);
        Objects.requireNonNull(fhirUser);
        Objects.requireNonNull(displayName);
        if (!fhirUser.matches("(Practitioner|Patient|RelatedPerson|Person)/[A-Za-z0-9\\-.]{1,64}")) {
            throw new IllegalArgumentException("fhirUser must be Practitioner/, Patient/, RelatedPerson/ or Person/<id>");
        }
    }

    /** The resource type of the user's FHIR resource, e.g. {@code Practitioner}. */
    public String fhirUserType() {
        return fhirUser.substring(0, fhirUser.indexOf('/'));
    }

    /** The logical id of the user's FHIR resource. */
    public String fhirUserId() {
        return fhirUser.substring(fhirUser.indexOf('/') + 1);
    }
}
