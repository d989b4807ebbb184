package io.github.hapismart.token;

import com.nimbusds.jose.util.JSONObjectUtils;
import io.github.hapismart.launch.LaunchContext;
import io.github.hapismart.scope.ScopeSet;
import java.text.ParseException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a user granted an app in one authorization: the scopes left after consent, the launch context, and what
 * binds later tokens to it (grant family, login session for {@code online_access}). Authorization codes and refresh
 * tokens carry one; every access token issued from it shares its {@link #family()}, so one revocation ends them all.
 *
 * @param clientId    the app
 * @param username    the user who logged in and consented
 * @param fhirUser    the user's FHIR resource as a relative reference
 * @param displayName the user's name, for the id_token's {@code name} claim
 * @param scopes      the granted scopes
 * @param context     the launch context (patient, encounter, ...)
 * @param family      the grant family id
 * @param sessionHash the hash of the login session the grant was made in
 * @param authTime    when the user logged in
 * @param nonce       the OpenID Connect nonce of the authorization request
 */
public record UserGrant(
        String clientId,
        String username,
        Optional<String> fhirUser,
        Optional<String> displayName,
        ScopeSet scopes,
        LaunchContext context,
        String family,
        Optional<String> sessionHash,
        Instant authTime,
        Optional<String> nonce) {

    public UserGrant {
        Objects.requireNonNull(clientId);
        Objects.requireNonNull(username);
        Objects.requireNonNull(fhirUser);
        Objects.requireNonNull(displayName);
        Objects.requireNonNull(scopes);
        Objects.requireNonNull(context);
        Objects.requireNonNull(family);
        Objects.requireNonNull(sessionHash);
        Objects.requireNonNull(authTime);
        Objects.requireNonNull(nonce);
    }

    /** The same grant with other scopes (a narrower refresh). */
    public UserGrant withScopes(ScopeSet narrower) {
        return new UserGrant(clientId, username, fhirUser, displayName, narrower, context, family, sessionHash,
                authTime, nonce);
    }

    /** This grant as JSON text, for the database. */
    public String toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("client_id", clientId);
        json.put("username", username);
        fhirUser.ifPresent(u -> json.put("fhirUser", u));
        displayName.ifPresent(n -> json.put("name", n));
        json.put("scope", scopes.toString());
        json.put("context", context.toJson());
        json.put("family", family);
        sessionHash.ifPresent(s -> json.put("session", s));
        json.put("auth_time", authTime.getEpochSecond());
        nonce.ifPresent(n -> json.put("nonce", n));
        return JSONObjectUtils.toJSONString(json);
    }

    /** Reads what {@link #toJson()} wrote. */
    @SuppressWarnings("unchecked")
    public static UserGrant fromJson(String text) {
        try {
            Map<String, Object> json = JSONObjectUtils.parse(text);
            return new UserGrant((String) json.get("client_id"), (String) json.get("username"),
                    optional(json, "fhirUser"), optional(json, "name"), ScopeSet.parse((String) json.get("scope")),
                    LaunchContext.fromJson((Map<String, Object>) json.get("context")), (String) json.get("family"),
                    optional(json, "session"), Instant.ofEpochSecond(((Number) json.get("auth_time")).longValue()),
                    optional(json, "nonce"));
        } catch (ParseException e) {
            throw new IllegalStateException("Stored grant is not JSON", e);
        }
    }

    private static Optional<String> optional(Map<String, Object> json, String name) {
        return Optional.ofNullable(json.get(name)).map(Object::toString);
    }
}
