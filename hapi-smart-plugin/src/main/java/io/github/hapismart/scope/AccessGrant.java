package io.github.hapismart.scope;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What one verified access token allows: the granted scopes and the launch context they are bound to.
 * It is created once per request by the bearer-token interceptor and never changes afterwards.
 *
 * @param tokenId   the token's {@code jti}, used for revocation checks
 * @param clientId  the client the token was issued to
 * @param subject   the token's {@code sub} (a user name, or the client id for backend services)
 * @param scopes    the scopes actually granted
 * @param patient   the launch patient's logical id (without the {@code Patient/} prefix), if any
 * @param encounter the launch encounter's logical id, if any
 * @param fhirUser  the user's FHIR resource as a relative reference ({@code Practitioner/123}), if any
 * @param expiresAt when the token stops being valid
 */
public record AccessGrant(
        String tokenId,
        String clientId,
        String subject,
        ScopeSet scopes,
        Optional<String> patient,
        Optional<String> encounter,
        Optional<String> fhirUser,
        Instant expiresAt) {

    /** The key under which the grant is stored in HAPI's {@code RequestDetails.getUserData()}. */
    public static final String REQUEST_ATTRIBUTE = AccessGrant.class.getName();

    public AccessGrant {
        Objects.requireNonNull(tokenId, "tokenId");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(scopes, "scopes");
        Objects.requireNonNull(patient, "patient");
        Objects.requireNonNull(encounter, "encounter");
        Objects.requireNonNull(fhirUser, "fhirUser");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }
}
