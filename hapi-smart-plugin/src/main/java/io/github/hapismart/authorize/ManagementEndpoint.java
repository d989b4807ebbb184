package io.github.hapismart.authorize;

import io.github.hapismart.client.ClientRepository;
import io.github.hapismart.client.RegisteredClient;
import io.github.hapismart.config.SmartSettings;
import io.github.hapismart.store.TokenHashing;
import io.github.hapismart.token.GrantRecords;
import io.github.hapismart.token.GrantRevocation;
import io.github.hapismart.user.LoginSessions;
import io.github.hapismart.web.BrowserEndpoint;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code management_endpoint} (SMART App Launch 2.2): a logged-in user sees which apps hold access (active grants
 * grouped by app, one line per grant with its scopes, the patient by name, when granted, until when, and when last
 * used) and revokes one grant or all of an app's grants; below, the access history of their ended grants (when each
 * was granted, last used, and revoked or expired). Every revoke is a POST carrying the session's CSRF token and
 * reaches only the signed-in user's own grants. Revoking ends the grant's refresh tokens at once and its access tokens on the FHIR API within the
 * revocation-check interval.
 *
 * <p>Signing in here offers the same ways as the login step of {@code /authorize}: the password form (unless turned
 * off) and each {@link ExternalLogin} option, whose callback returns to this page
 * ({@link ExternalLogin#MANAGEMENT_PAGE}) with the same state, PKCE and nonce checks as for an authorization request.
 */
public final class ManagementEndpoint extends HttpServlet implements BrowserEndpoint {

    private final LoginSessions sessions;
    private final LoginAttempts logins;
    private final ClientRepository clients;
    private final GrantRecords grants;
    private final GrantRevocation revocation;
    private final PatientDirectory patients;
    private final BrowserCookies cookies;
    private final Pages pages;
    private final TokenHashing hashing;
    private final ExternalLogin externalLogin;
    private final String path;

    /** The collaborators, as one parameter object. */
    public record Dependencies(SmartSettings settings, LoginSessions sessions, LoginAttempts logins,
                               ClientRepository clients, GrantRecords grants, GrantRevocation revocation,
                               PatientDirectory patients, TokenHashing hashing, Pages pages) {
    }

    public ManagementEndpoint(Dependencies deps) {
        this(deps, ExternalLogin.none());
    }

    /** A management page whose sign-in also offers {@code externalLogin}'s options. */
    public ManagementEndpoint(Dependencies deps, ExternalLogin externalLogin) {
        String authPath = URI.create(deps.settings().authBaseUrl()).getPath();
        this.sessions = deps.sessions();
        this.logins = deps.logins();
        this.clients = deps.clients();
        this.grants = deps.grants();
        this.revocation = deps.revocation();
        this.patients = deps.patients();
        this.cookies = new BrowserCookies(authPath.isEmpty() ? "/" : authPath,
                deps.settings().authBaseUrl().startsWith("https:"));
        this.pages = deps.pages();
        this.hashing = deps.hashing();
        this.externalLogin = externalLogin;
        this.path = authPath + "/manage";
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        show(request, response, Map.of(), HttpServletResponse.SC_OK);
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Optional<String> sessionId = liveSession(request);
        String action = String.valueOf(request.getParameter("action"));
        if (action.equals("login") || action.equals("external-login")) {
            String binding = cookies.read(request, BrowserCookies.BROWSER).orElse(null);
            if (binding == null || !BrowserCookies.validCsrf(request.getParameter("csrf"), binding)) {
                show(request, response, Map.of("error", "The form has expired; please try again."), 400);
                return;
            }
            if (action.equals("external-login")) {
                beginExternalLogin(request, response, binding);
                return;
            }
            if (!externalLogin.passwordLogin()) {
                show(request, response, Map.of("error", "Sign-in with a password is turned off here."),
                        HttpServletResponse.SC_FORBIDDEN);
                return;
            }
            LoginAttempts.Outcome outcome = logins.attempt(request, response, cookies);
            if (!outcome.success()) {
                show(request, response, Map.of("error", outcome.message()), outcome.status());
                return;
            }
        } else if ((action.equals("revoke") || action.equals("revoke-app")) && sessionId.isPresent()
                && BrowserCookies.validCsrf(request.getParameter("csrf"), sessionId.get())) {
            String username = sessions.find(sessionId.get()).orElseThrow().username();
            if (action.equals("revoke")) {
                String family = String.valueOf(request.getParameter("grant"));
                if (grants.belongsTo(family, username)) {
                    revocation.revokeFamily(family);
                }
            } else {
                grants.unrevokedFamilies(username, String.valueOf(request.getParameter("client")))
                        .forEach(revocation::revokeFamily);
            }
        }
        Redirects.sendLocal(response, path, HttpServletResponse.SC_SEE_OTHER);
    }

    /** Sends the browser to the chosen external sign-in; its callback comes back to this page, signed in. */
    private void beginExternalLogin(HttpServletRequest request, HttpServletResponse response, String binding)
            throws IOException {
        String option = Optional.ofNullable(request.getParameter("provider")).orElse("");
        try {
            URI upstream = externalLogin.begin(option, ExternalLogin.MANAGEMENT_PAGE, binding);
            Redirects.sendLocal(response, upstream.toString(), HttpServletResponse.SC_SEE_OTHER);
        } catch (ExternalLogin.FailedException e) {
            show(request, response, Map.of("error", e.failure().message()), e.failure().status());
        }
    }

    private void show(HttpServletRequest request, HttpServletResponse response, Map<String, Object> extra,
                      int status) throws IOException {
        Map<String, Object> model = new LinkedHashMap<>(extra);
        model.put("action", path);
        Optional<String> sessionId = liveSession(request);
        Optional<LoginSessions.Session> session = sessionId.flatMap(sessions::find);
        if (session.isEmpty()) {
            String binding = cookies.read(request, BrowserCookies.BROWSER).orElseGet(hashing::newToken);
            cookies.write(request, response, BrowserCookies.BROWSER, binding, Duration.ofDays(1));
            model.put("csrf", BrowserCookies.csrfToken(binding));
            model.put("loggedIn", false);
            model.put("passwordLogin", externalLogin.passwordLogin());
            model.put("externalLogins", externalLogin.options());
            pages.render(response, status, "manage", model);
            return;
        }
        model.put("loggedIn", true);
        model.put("csrf", BrowserCookies.csrfToken(sessionId.get()));
        model.put("userName", session.get().username());
        // One look-up per distinct app and patient per page, however many grants name them.
        Map<String, String> patientLabels = new HashMap<>();
        Map<String, String> appNames = new HashMap<>();
        java.util.function.Function<String, String> appName = clientId -> appNames.computeIfAbsent(clientId,
                id -> clients.findById(id).map(RegisteredClient::clientName).orElse(id));
        java.util.function.Function<String, String> patientLabel =
                id -> patientLabels.computeIfAbsent(id, this::patientLabel);
        String username = session.get().username();
        model.put("apps", GrantGroups.of(grants.active(username), appName, patientLabel)
                .stream().map(GrantGroups::toModel).toList());
        // The access history: only the signed-in user's own ended grants, as the active ones.
        model.put("history", GrantGroups.history(grants.ended(username), appName, patientLabel)
                .stream().map(GrantGroups::toModel).toList());
        pages.render(response, status, "manage", model);
    }

    /** The patient as the consent page names it; the reference when the directory does not know the id. */
    private String patientLabel(String id) {
        return ConsentForm.patientLabel(Optional.of(patients.find(id)
                .orElse(new PatientSummary(id, "Patient/" + id, "", "")))).orElseThrow();
    }

    private Optional<String> liveSession(HttpServletRequest request) {
        return cookies.read(request, BrowserCookies.SESSION).filter(id -> sessions.find(id).isPresent());
    }

    /** The error page; {@link io.github.hapismart.web.FaultBarrier} shows it for a request it refuses unread. */
    @Override
    public void showError(HttpServletRequest request, HttpServletResponse response, int status, String message)
            throws IOException {
        if (!response.isCommitted()) {
            response.reset();
            pages.render(response, status, "error", Map.of("message", message));
        }
    }
}
