package io.github.hapismart.provision;

import java.util.Objects;

/**
 * A user as declared in configuration.
 *
 * @param username    the login name
 * @param password    where the password (or its hash) comes from
 * @param fhirUser    the user's FHIR resource as {@code Type/id}, or a search a {@link FhirUserResolver} turns into
 *                    one (as {@code Practitioner?identifier=system|value})
 * @param displayName the name shown on the pages
 */
public record UserDeclaration(String username, SecretSource password, String fhirUser, String displayName) {

    public UserDeclaration {
        Objects.requireNonNull(username, "username");
        if (username.isBlank() || username.length() > 128) {
            throw new IllegalArgumentException("a username must have 1 to 128 characters");
        }
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(fhirUser, "fhirUser");
        Objects.requireNonNull(displayName, "displayName");
    }
}
