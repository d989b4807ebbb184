package io.github.hapismart.launch;

import io.github.hapismart.client.ClientAuthenticatedEndpoint;
import io.github.hapismart.client.ClientAuthenticator;
import io.github.hapismart.client.ClientRepository;
import io.github.hapismart.client.RegisteredClient;
import io.github.hapismart.config.SmartSettings;
import io.github.hapismart.scope.FhirReference;
import io.github.hapismart.web.JsonResponses;
import io.github.hapismart.web.OAuthError;
import io.github.hapismart.web.OAuthForm;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code POST /auth/launch}: an EHR backend creates a launch context for one app and receives the opaque
 * {@code launch} value to pass to the app's launch URL. The caller authenticates like a confidential client at the
 * token endpoint (client secret or private_key_jwt) and must be listed in
 * {@link SmartSettings#launchApiClients()}. Parameters (form): {@code app_client_id} (required), {@code patient},
 * {@code encounter}, {@code fhirUser}, {@code fhir_context}, {@code intent}, {@code need_patient_banner},
 * {@code smart_style_url}. {@code patient} and {@code encounter} may be given as {@code Patient/<id>} and
 * {@code Encounter/<id>} or as the bare id. {@code fhir_context} is either a JSON array of SMART 2.2 fhirContext
 * objects ({@code reference}, {@code canonical} or {@code identifier}, each with optional {@code type} and
 * {@code role}; see {@link FhirContextItem}), carried exactly into the token response and introspection, or, as
 * before, space-separated relative references. Anything invalid is {@code invalid_request} (400) naming the rule.
 */
public final class LaunchEndpoint extends ClientAuthenticatedEndpoint {

    private final SmartSettings settings;
    private final ClientRepository clients;
    private final LaunchContextStore store;

    public LaunchEndpoint(SmartSettings settings, ClientAuthenticator authenticator, ClientRepository clients,
                          LaunchContextStore store) {
        super("launch", authenticator, OAuthForm.Source.BODY_OR_QUERY);
        this.settings = settings;
        this.clients = clients;
        this.store = store;
    }

    @Override
    protected void handle(RegisteredClient ehr, OAuthForm form, HttpServletResponse response) throws IOException {
        if (ehr.isPublic() || !settings.launchApiClients().contains(ehr.clientId())) {
            throw new OAuthError("unauthorized_client", "This client may not create launch contexts", 403)
                    .exception();
        }
        RegisteredClient app = clients.findById(form.optional("app_client_id").orElse(""))
                .filter(c -> c.allowsGrant(RegisteredClient.AUTHORIZATION_CODE))
                .orElseThrow(() -> OAuthError.invalidRequest(
                        "app_client_id must name a registered app that uses authorization_code").exception());
        LaunchContext context = parseContext(form);
        String launch = store.create(app.clientId(), context, ehr.clientId());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("launch", launch);
        body.put("expires_in", store.lifetime().toSeconds());
        body.put("app_client_id", app.clientId());
        body.put("iss", settings.fhirBaseUrl());
        app.initiateLoginUri().ifPresent(uri -> body.put("launch_url", uri + (uri.getQuery() == null ? "?" : "&")
                + "iss=" + encode(settings.fhirBaseUrl()) + "&launch=" + encode(launch)));
        JsonResponses.writeNoStore(response, HttpServletResponse.SC_CREATED, body);
    }

    private static LaunchContext parseContext(OAuthForm form) {
        try {
            List<FhirContextItem> fhirContext = form.optional("fhir_context").map(FhirContextItem::parseList)
                    .orElse(List.of());
            Optional<Boolean> banner = form.optional("need_patient_banner").map(value -> switch (value) {
                case "true" -> true;
                case "false" -> false;
                default -> throw new IllegalArgumentException("need_patient_banner must be true or false");
            });
            return new LaunchContext(
                    form.optional("patient").map(p -> FhirReference.ofType("Patient", p).id()),
                    form.optional("encounter").map(e -> FhirReference.ofType("Encounter", e).id()),
                    form.optional("fhirUser"), fhirContext, form.optional("intent"), banner,
                    form.optional("smart_style_url"));
        } catch (IllegalArgumentException e) {
            throw OAuthError.invalidRequest(e.getMessage()).exception();
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
