package io.github.hapismart.launch;

import io.github.hapismart.client.ClientAuthenticator;
import io.github.hapismart.client.ClientRepository;
import io.github.hapismart.client.RegisteredClient;
import io.github.hapismart.config.SmartSettings;
import io.github.hapismart.web.FormParameters;
import io.github.hapismart.web.JsonResponses;
import io.github.hapismart.web.OAuthError;
import io.github.hapismart.web.OAuthException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code POST /auth/launch}: an EHR backend creates a launch context for one app and receives the opaque
 * {@code launch} value to pass to the app's launch URL. The caller authenticates like a confidential client at the
 * token endpoint (client secret or private_key_jwt) and must be listed in
 * {@link SmartSettings#launchApiClients()}. Parameters (form): {@code app_client_id} (required), {@code patient},
 * {@code encounter}, {@code fhirUser}, {@code fhir_context} (space-separated references), {@code intent},
 * {@code need_patient_banner}, {@code smart_style_url}.
 */
public final class LaunchEndpoint extends HttpServlet {

    private final SmartSettings settings;
    private final ClientAuthenticator authenticator;
    private final ClientRepository clients;
    private final LaunchContextStore store;

    public LaunchEndpoint(SmartSettings settings, ClientAuthenticator authenticator, ClientRepository clients,
                          LaunchContextStore store) {
        this.settings = settings;
        this.authenticator = authenticator;
        this.clients = clients;
        this.store = store;
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        try {
            if (!FormParameters.isForm(request)) {
                throw OAuthError.invalidRequest("The request must be application/x-www-form-urlencoded").exception();
            }
            Map<String, String> form = FormParameters.single(request);
            RegisteredClient ehr = authenticator.authenticate(request.getHeader("Authorization"), form);
            if (ehr.isPublic() || !settings.launchApiClients().contains(ehr.clientId())) {
                throw new OAuthError("unauthorized_client", "This client may not create launch contexts", 403)
                        .exception();
            }
            String appId = form.get("app_client_id");
            RegisteredClient app = clients.findById(appId == null ? "" : appId)
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
        } catch (OAuthException e) {
            if (e.error().httpStatus() == HttpServletResponse.SC_UNAUTHORIZED) {
                response.setHeader("WWW-Authenticate", "Basic realm=\"launch\"");
            }
            JsonResponses.writeError(response, e.error());
        }
    }

    private static LaunchContext parseContext(Map<String, String> form) {
        try {
            List<String> fhirContext = Optional.ofNullable(form.get("fhir_context")).filter(s -> !s.isBlank())
                    .map(s -> Arrays.asList(s.strip().split("\\s+"))).orElse(List.of());
            Optional<Boolean> banner = optional(form, "need_patient_banner").map(value -> switch (value) {
                case "true" -> true;
                case "false" -> false;
                default -> throw new IllegalArgumentException("need_patient_banner must be true or false");
            });
            return new LaunchContext(optional(form, "patient").map(LaunchEndpoint::stripPatientPrefix),
                    optional(form, "encounter").map(e -> e.startsWith("Encounter/") ? e.substring(10) : e),
                    optional(form, "fhirUser"), fhirContext, optional(form, "intent"), banner,
                    optional(form, "smart_style_url"));
        } catch (IllegalArgumentException e) {
            throw OAuthError.invalidRequest(e.getMessage()).exception();
        }
    }

    private static String stripPatientPrefix(String patient) {
        return patient.startsWith("Patient/") ? patient.substring(8) : patient;
    }

    private static Optional<String> optional(Map<String, String> form, String name) {
        return Optional.ofNullable(form.get(name)).map(String::strip).filter(s -> !s.isEmpty());
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
