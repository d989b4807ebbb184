package io.github.hapismart.resource;

import io.github.hapismart.scope.AccessGrant;
import io.github.hapismart.scope.ScopeSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Which claims of an external access token (or introspection answer) carry the SMART grant, and how they become an
 * {@link AccessGrant}. A claim may hold a space-separated string or an array of strings (Okta's {@code scp}); unknown
 * and malformed scopes are dropped, so a token without any SMART scope yields a grant that reaches nothing (the FHIR
 * API then answers 403), never one that reaches everything. The defaults fit Keycloak ({@code scope},
 * {@code azp}) and Entra ID ({@code scp}, {@code roles}, {@code appid}/{@code azp}).
 *
 * @param scopeClaims    claims whose scopes are granted, all of them read (default {@code scope}, {@code scp},
 *                       {@code roles})
 * @param patientClaim   the claim holding the patient context, a logical id or {@code Patient/id} (default
 *                       {@code patient})
 * @param fhirUserClaim  the claim holding the user's FHIR resource, relative or an absolute URL under the FHIR base
 *                       (default {@code fhirUser})
 * @param encounterClaim the claim holding the encounter context (default {@code encounter})
 * @param clientIdClaims claims naming the client, the first present wins (default {@code client_id}, {@code azp},
 *                       {@code appid})
 * @param slashStandIn   a character that stands for the {@code /} of SMART scopes, for servers that do not allow
 *                       {@code /} in scope names (Entra ID): with {@code -}, {@code patient-Observation.rs} reads as
 *                       {@code patient/Observation.rs}. Only the one after {@code patient}, {@code user},
 *                       {@code system} or {@code launch} is read so; the rest of the scope stays as it is. Empty
 *                       (default) reads scopes as written.
 */
public record ClaimMapping(List<String> scopeClaims, String patientClaim, String fhirUserClaim, String encounterClaim,
                           List<String> clientIdClaims, Optional<String> slashStandIn) {

    /** Keycloak and Entra ID as they come. */
    public static final ClaimMapping DEFAULTS = new ClaimMapping(List.of("scope", "scp", "roles"), "patient",
            "fhirUser", "encounter", List.of("client_id", "azp", "appid"), Optional.empty());

    private static final List<String> SCOPE_PREFIXES = List.of("patient", "user", "system", "launch");

    public ClaimMapping {
        scopeClaims = List.copyOf(scopeClaims);
        Objects.requireNonNull(patientClaim, "patientClaim");
        Objects.requireNonNull(fhirUserClaim, "fhirUserClaim");
        Objects.requireNonNull(encounterClaim, "encounterClaim");
        clientIdClaims = List.copyOf(clientIdClaims);
        Objects.requireNonNull(slashStandIn, "slashStandIn");
        if (slashStandIn.filter(c -> c.length() != 1 || c.equals("/") || c.isBlank()).isPresent()) {
            throw new IllegalArgumentException("the stand-in for / must be one character other than / and space");
        }
        if (scopeClaims.isEmpty()) {
            throw new IllegalArgumentException("at least one scope claim is needed");
        }
    }

    /**
     * The grant of a verified token's claims.
     *
     * @param claims      the verified claims
     * @param fhirBaseUrl the FHIR base, to make an absolute {@code fhirUser} relative
     * @param tokenId     the token's id ({@code jti}, or a hash of the token when it has none)
     * @param expiresAt   when the token stops being valid
     */
    public AccessGrant toGrant(Map<String, Object> claims, String fhirBaseUrl, String tokenId, Instant expiresAt) {
        List<String> scopes = new ArrayList<>();
        scopeClaims.forEach(claim -> strings(claims.get(claim)).forEach(scope -> scopes.add(withSlash(scope))));
        String clientId = clientIdClaims.stream().map(claims::get).filter(String.class::isInstance)
                .map(String.class::cast).findFirst().orElse("");
        String subject = claims.get("sub") instanceof String s ? s : clientId;
        Optional<String> patient = text(claims.get(patientClaim))
                .map(p -> p.startsWith("Patient/") ? p.substring("Patient/".length()) : p)
                .filter(ClaimMapping::isLogicalId);
        Optional<String> encounter = text(claims.get(encounterClaim))
                .map(e -> e.startsWith("Encounter/") ? e.substring("Encounter/".length()) : e)
                .filter(ClaimMapping::isLogicalId);
        Optional<String> fhirUser = text(claims.get(fhirUserClaim)).flatMap(u -> relative(u, fhirBaseUrl));
        return new AccessGrant(tokenId, clientId, subject, ScopeSet.of(scopes), patient, encounter, fhirUser,
                expiresAt);
    }

    /** The same mapping with {@code standIn} read as the {@code /} of SMART scopes. */
    public ClaimMapping withSlashStandIn(String standIn) {
        return new ClaimMapping(scopeClaims, patientClaim, fhirUserClaim, encounterClaim, clientIdClaims,
                Optional.ofNullable(standIn).filter(c -> !c.isEmpty()));
    }

    private String withSlash(String scope) {
        if (slashStandIn.isEmpty()) {
            return scope;
        }
        for (String prefix : SCOPE_PREFIXES) {
            if (scope.startsWith(prefix + slashStandIn.get())) {
                return prefix + "/" + scope.substring(prefix.length() + 1);
            }
        }
        return scope;
    }

    /** A relative {@code Type/id} reference, or empty for a malformed one or one under another server. */
    static Optional<String> relative(String reference, String fhirBaseUrl) {
        String relative = reference;
        if (reference.startsWith(fhirBaseUrl + "/")) {
            relative = reference.substring(fhirBaseUrl.length() + 1);
        }
        int slash = relative.indexOf('/');
        if (slash <= 0 || slash != relative.lastIndexOf('/')
                || !relative.substring(0, slash).matches("[A-Z][A-Za-z]{1,63}")
                || !isLogicalId(relative.substring(slash + 1))) {
            return Optional.empty();
        }
        return Optional.of(relative);
    }

    private static boolean isLogicalId(String id) {
        return id.matches("[A-Za-z0-9\\-.]{1,64}");
    }

    private static Optional<String> text(Object value) {
        return value instanceof String s && !s.isBlank() ? Optional.of(s.strip()) : Optional.empty();
    }

    private static List<String> strings(Object value) {
        if (value instanceof String s) {
            return s.isBlank() ? List.of() : List.of(s.strip().split("\\s+"));
        }
        if (value instanceof Collection<?> items) {
            return items.stream().filter(String.class::isInstance).map(String.class::cast).toList();
        }
        return List.of();
    }
}
