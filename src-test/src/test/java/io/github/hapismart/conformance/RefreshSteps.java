package io.github.hapismart.conformance;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.hapismart.it.Http;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The steps of Inferno's {@code smart_token_refresh_stu2} group ({@code smart_token_refresh_stu2},
 * {@code smart_token_refresh_body}, {@code smart_token_response_headers}) and the g(10) kit's
 * {@code g10_invalid_token_refresh}.
 */
final class RefreshSteps {

    private final Http http;
    private final LaunchSteps launch;
    Http.Response refreshResponse;

    RefreshSteps(Http http, LaunchSteps launch) {
        this.http = http;
        this.launch = launch;
    }

    private Http.Response refreshRequest(String refreshToken, boolean includeScopes) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "refresh_token");
        form.put("refresh_token", refreshToken);
        if (includeScopes) {
            form.put("scope", launch.receivedScopes);
        }
        String[] headers = LaunchSteps.credentials(launch.auth, form);
        return http.postForm(launch.auth.tokenUrl, Inferno.form(form), headers);
    }

    /** smart_token_refresh_stu2: the refresh succeeds, with or without the optional scope parameter. */
    void refresh(boolean includeScopes) {
        Inferno.skipIf(launch.auth.refreshToken == null || launch.auth.refreshToken.isBlank(), "No refresh token");
        refreshResponse = refreshRequest(launch.auth.refreshToken, includeScopes);
        Inferno.assertStatus(refreshResponse, 200);
        JsonNode body = Inferno.assertValidJson(refreshResponse.body());
        if (body.hasNonNull("refresh_token") && !body.path("refresh_token").asText().isBlank()) {
            launch.auth.refreshToken = body.path("refresh_token").asText();
        }
        launch.auth.accessToken = body.path("access_token").asText(null);
        launch.auth.expiresIn = body.path("expires_in").asLong();
    }

    /** smart_token_refresh_body: required fields and types, Bearer, scopes a subset of those first granted. */
    void refreshBody() {
        Inferno.skipIf(refreshResponse == null || refreshResponse.status() != 200, "Token exchange was unsuccessful");
        JsonNode body = Inferno.assertValidJson(refreshResponse.body());
        LaunchSteps.assertTokenFields(body);
        List<String> extra = new ArrayList<>(List.of(body.path("scope").asText().split(" ")));
        extra.removeAll(List.of(launch.receivedScopes.split(" ")));
        assertTrue(extra.isEmpty(), "Token response contained scopes which are not a subset of the scope granted to "
                + "the original access token: " + String.join(", ", extra));
        launch.receivedScopes = body.path("scope").asText();
    }

    /** smart_token_response_headers on the refresh response. */
    void refreshHeaders() {
        Inferno.skipIf(refreshResponse == null || refreshResponse.status() != 200, "Token exchange was unsuccessful");
        LaunchSteps.assertHeaders(refreshResponse);
    }

    /** g10_invalid_token_refresh: a made-up refresh token is refused with 400 or 401. */
    void invalidTokenRefresh() {
        Inferno.assertStatus(refreshRequest(java.util.UUID.randomUUID().toString(), false), 400, 401);
    }

    /** The refresh of g10_token_revocation: a revoked refresh token is refused. */
    Http.Response refreshWith(String refreshToken) {
        return refreshRequest(refreshToken, false);
    }
}
