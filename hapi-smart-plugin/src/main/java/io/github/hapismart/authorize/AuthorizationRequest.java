package io.github.hapismart.authorize;

import com.nimbusds.jose.util.JSONObjectUtils;
import io.github.hapismart.launch.LaunchContext;
import io.github.hapismart.scope.ScopeSet;
import java.text.ParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A validated authorization request, kept server-side while the user logs in, picks a patient and consents.
 *
 * @param clientId      the trusted client
 * @param clientName    its name, for the pages
 * @param redirectUri   its registered redirect_uri
 * @param state         the client's state, returned unchanged
 * @param scopes        the requested scopes the client may receive (already narrowed to its registration)
 * @param codeChallenge the PKCE S256 challenge
 * @param nonce         the OpenID Connect nonce
 * @param launch        the EHR launch context, or {@link LaunchContext#none()} for a standalone launch
 * @param ehrLaunch     whether the request came with a {@code launch} value
 */
record AuthorizationRequest(
        String clientId,
        String clientName,
        String redirectUri,
        Optional<String> state,
        ScopeSet scopes,
        String codeChallenge,
        Optional<String> nonce,
        LaunchContext launch,
        boolean ehrLaunch) {

    AuthorizationRequest {
        Objects.requireNonNull(clientId);
        Objects.requireNonNull(clientName);
        Objects.requireNonNull(redirectUri);
        Objects.requireNonNull(state);
        Objects.requireNonNull(scopes);
        Objects.requireNonNull(codeChallenge);
        Objects.requireNonNull(nonce);
        Objects.requireNonNull(launch);
    }

    /** Whether the app asked the user to choose a patient (standalone {@code launch/patient}). */
    boolean wantsPatient() {
        return scopes.contains("launch/patient");
    }

    String toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("client_id", clientId);
        json.put("client_name", clientName);
        json.put("redirect_uri", redirectUri);
        state.ifPresent(s -> json.put("state", s));
        json.put("scope", scopes.toString());
        json.put("code_challenge", codeChallenge);
        nonce.ifPresent(n -> json.put("nonce", n));
        json.put("launch", launch.toJson());
        json.put("ehr_launch", ehrLaunch);
        return JSONObjectUtils.toJSONString(json);
    }

    @SuppressWarnings("unchecked")
    static AuthorizationRequest fromJson(String text) {
        try {
            Map<String, Object> json = JSONObjectUtils.parse(text);
            return new AuthorizationRequest((String) json.get("client_id"), (String) json.get("client_name"),
                    (String) json.get("redirect_uri"), Optional.ofNullable((String) json.get("state")),
                    ScopeSet.parse((String) json.get("scope")), (String) json.get("code_challenge"),
                    Optional.ofNullable((String) json.get("nonce")),
                    LaunchContext.fromJson((Map<String, Object>) json.get("launch")),
                    Boolean.TRUE.equals(json.get("ehr_launch")));
        } catch (ParseException e) {
            throw new IllegalStateException("Stored authorization request is not JSON", e);
        }
    }
}
