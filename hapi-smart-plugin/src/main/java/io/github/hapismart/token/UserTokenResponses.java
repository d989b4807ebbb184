package io.github.hapismart.token;

import io.github.hapismart.config.SmartSettings;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Builds the token response of a user grant, shared by the authorization-code and refresh grants: a signed access
 * token for the grant's family, {@code scope}, and the launch context fields ({@code patient}, {@code encounter},
 * {@code fhirContext}, {@code need_patient_banner}, {@code smart_style_url}, {@code intent}).
 */
public final class UserTokenResponses {

    private final SmartSettings settings;
    private final AccessTokenService accessTokens;
    private final java.util.Optional<GrantUsage> usage;

    public UserTokenResponses(SmartSettings settings, AccessTokenService accessTokens) {
        this(settings, accessTokens, java.util.Optional.empty());
    }

    /** Responses whose every access token (issued or refreshed) counts as a use of its grant for {@code usage}. */
    public UserTokenResponses(SmartSettings settings, AccessTokenService accessTokens,
                              java.util.Optional<GrantUsage> usage) {
        this.settings = settings;
        this.accessTokens = accessTokens;
        this.usage = usage;
    }

    /** The response body for an access token carrying exactly {@code grant}'s scopes. */
    public Map<String, Object> accessTokenResponse(UserGrant grant) {
        AccessTokenService.IssuedToken token = accessTokens.issue(new AccessTokenService.TokenRequest(
                grant.clientId(), grant.username(), grant.scopes(), grant.context().patient(),
                grant.context().encounter(), grant.fhirUser(), settings.accessTokenLifetime(),
                java.util.Optional.of(grant.family()), launchClaims(grant)));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("access_token", token.value());
        body.put("token_type", "Bearer");
        body.put("expires_in", settings.accessTokenLifetime().toSeconds());
        body.put("scope", grant.scopes().toString());
        body.putAll(grant.context().tokenResponseFields());
        usage.ifPresent(u -> u.used(grant.family()));
        return body;
    }

    /** The launch context of the token response that is not already a claim of its own (patient, encounter). */
    private static Map<String, Object> launchClaims(UserGrant grant) {
        Map<String, Object> claims = new LinkedHashMap<>(grant.context().tokenResponseFields());
        claims.keySet().retainAll(AccessTokenService.LAUNCH_CLAIMS);
        return claims;
    }
}
