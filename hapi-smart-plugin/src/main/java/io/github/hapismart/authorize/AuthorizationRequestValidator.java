package io.github.hapismart.authorize;

import io.github.hapismart.client.ClientRepository;
import io.github.hapismart.client.RegisteredClient;
import io.github.hapismart.config.SmartSettings;
import io.github.hapismart.launch.LaunchContext;
import io.github.hapismart.launch.LaunchContextStore;
import io.github.hapismart.scope.ScopeSet;
import io.github.hapismart.token.Pkce;
import io.github.hapismart.web.OAuthError;
import java.util.Map;
import java.util.Optional;

/**
 * Validates the parameters of a new authorization request, in the order the spec requires: first the client and
 * its redirect_uri (faults there are shown on a page, never redirected), then everything else (faults redirected
 * to the client with {@code state}): response_type, the client's grant types, {@code aud}, PKCE S256, scope, and
 * the EHR {@code launch} value, which is used up here.
 */
final class AuthorizationRequestValidator {

    private static final int MAX_PARAMETER = 4096;

    private final SmartSettings settings;
    private final ClientRepository clients;
    private final LaunchContextStore launches;

    AuthorizationRequestValidator(SmartSettings settings, ClientRepository clients, LaunchContextStore launches) {
        this.settings = settings;
        this.clients = clients;
        this.launches = launches;
    }

    AuthorizationRequest validate(Map<String, String> params) {
        String clientId = params.get("client_id");
        RegisteredClient client = Optional.ofNullable(clientId).flatMap(clients::findById)
                .orElseThrow(() -> AuthorizationFault.untrusted("Unknown or missing client_id"));
        String redirectUri = params.get("redirect_uri");
        if (redirectUri == null || !client.hasRedirectUri(redirectUri)) {
            throw AuthorizationFault.untrusted("redirect_uri is missing or not registered for this client");
        }
        Optional<String> state = Optional.ofNullable(params.get("state")).filter(s -> s.length() <= MAX_PARAMETER);
        Fail fail = error -> AuthorizationFault.redirect(error, redirectUri, state);
        if (params.values().stream().anyMatch(value -> value.length() > MAX_PARAMETER)) {
            throw fail.with(OAuthError.invalidRequest("A parameter is too long"));
        }
        String responseType = params.get("response_type");
        if (responseType == null) {
            throw fail.with(OAuthError.invalidRequest("Missing parameter response_type"));
        }
        if (!responseType.equals("code")) {
            throw fail.with(new OAuthError("unsupported_response_type", "Only response_type=code is supported", 400));
        }
        if (!client.allowsGrant(RegisteredClient.AUTHORIZATION_CODE)) {
            throw fail.with(OAuthError.unauthorizedClient("This client is not registered for authorization_code"));
        }
        String aud = params.get("aud");
        if (aud == null || !stripSlash(aud).equals(settings.fhirBaseUrl())) {
            throw fail.with(OAuthError.invalidRequest("aud must be this server's FHIR base URL "
                    + settings.fhirBaseUrl()));
        }
        String method = params.get("code_challenge_method");
        if (method == null || params.get("code_challenge") == null) {
            throw fail.with(OAuthError.invalidRequest("PKCE is required: send code_challenge with "
                    + "code_challenge_method=S256"));
        }
        if (!method.equals(Pkce.S256)) {
            throw fail.with(OAuthError.invalidRequest("code_challenge_method must be S256; plain is not accepted"));
        }
        if (!Pkce.isChallenge(params.get("code_challenge"))) {
            throw fail.with(OAuthError.invalidRequest("code_challenge must be 43 base64url characters (S256)"));
        }
        ScopeSet scopes = ScopeSet.parse(params.get("scope")).narrowTo(ScopeSet.parse(client.scope()));
        String launchValue = params.get("launch");
        LaunchContext context = LaunchContext.none();
        if (launchValue != null) {
            context = launches.consume(client.clientId(), launchValue).orElseThrow(() -> fail.with(
                    OAuthError.invalidRequest("The launch value is unknown, expired, already used or for another "
                            + "client")));
        } else {
            scopes = ScopeSet.of(scopes.values().stream().filter(s -> !s.equals("launch")).toList());
        }
        if (scopes.isEmpty()) {
            throw fail.with(OAuthError.invalidScope("None of the requested scopes can be granted to this client"));
        }
        return new AuthorizationRequest(client.clientId(), client.clientName(), redirectUri, state, scopes,
                params.get("code_challenge"), Optional.ofNullable(params.get("nonce")), context, launchValue != null);
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    @FunctionalInterface
    private interface Fail {
        AuthorizationFault with(OAuthError error);
    }
}
