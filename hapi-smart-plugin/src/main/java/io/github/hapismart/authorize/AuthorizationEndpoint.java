package io.github.hapismart.authorize;

import io.github.hapismart.client.ClientRepository;
import io.github.hapismart.config.SmartSettings;
import io.github.hapismart.launch.LaunchContextStore;
import io.github.hapismart.store.SmartDatabase;
import io.github.hapismart.store.TokenHashing;
import io.github.hapismart.token.AuthorizationCodes;
import io.github.hapismart.token.GrantRecords;
import io.github.hapismart.user.LoginSessions;
import io.github.hapismart.user.UserRepository;
import io.github.hapismart.store.DatabaseFaults;
import io.github.hapismart.web.BrowserEndpoint;
import io.github.hapismart.web.FaultBarrier;
import io.github.hapismart.web.FormParameters;
import io.github.hapismart.web.OAuthException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SMART authorization endpoint, {@code GET} and {@code POST} ({@code authorize-post}). A new request is
 * validated, stored server-side, bound to the browser by a cookie and answered with a redirect to its own page
 * ({@code ?txn=}); from there {@link AuthorizationFlow} leads through login, patient picker and consent. Faults
 * before the client and redirect_uri are trusted are shown as an error page; later ones go back to the client.
 * Nothing the user sends can produce a stack trace in the answer.
 */
public final class AuthorizationEndpoint extends HttpServlet implements BrowserEndpoint {

    private static final Logger LOG = LoggerFactory.getLogger(AuthorizationEndpoint.class);

    private final AuthorizationRequestValidator validator;
    private final PendingAuthorizations pendings;
    private final AuthorizationFlow flow;
    private final BrowserCookies cookies;
    private final Pages pages;
    private final TokenHashing hashing;
    private final String authorizePath;
    private final String issuer;

    /** The collaborators of the endpoint, as one parameter object. */
    public record Dependencies(SmartSettings settings, SmartDatabase database, TokenHashing hashing, Clock clock,
                               ClientRepository clients, UserRepository users, LoginSessions sessions,
                               LaunchContextStore launches, AuthorizationCodes codes, GrantRecords grants,
                               PatientDirectory patients, LoginAttempts logins, Pages pages,
                               io.github.hapismart.audit.AuditSink audit) {
    }

    public AuthorizationEndpoint(Dependencies deps) {
        this(deps, ExternalLogin.none());
    }

    /** An endpoint whose login step also offers {@code externalLogin}'s sign-in options. */
    public AuthorizationEndpoint(Dependencies deps, ExternalLogin externalLogin) {
        String authPath = URI.create(deps.settings().authBaseUrl()).getPath();
        this.authorizePath = authPath + "/authorize";
        this.validator = new AuthorizationRequestValidator(deps.settings(), deps.clients(), deps.launches());
        this.pendings = new PendingAuthorizations(deps.database(), deps.hashing(), deps.clock());
        this.cookies = new BrowserCookies(authPath.isEmpty() ? "/" : authPath,
                deps.settings().authBaseUrl().startsWith("https:"));
        this.pages = deps.pages();
        this.hashing = deps.hashing();
        this.flow = new AuthorizationFlow(pendings, deps.sessions(), deps.users(), deps.patients(),
                deps.logins(), cookies, pages, deps.codes(), deps.grants(), deps.hashing(),
                authorizePath, externalLogin, new ConsentAudit(deps.audit(), deps.clock()),
                deps.settings().fhirBaseUrl());
        this.issuer = deps.settings().fhirBaseUrl();
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        handle(request, response, HttpServletResponse.SC_FOUND);
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        handle(request, response, HttpServletResponse.SC_SEE_OTHER);
    }

    private void handle(HttpServletRequest request, HttpServletResponse response, int redirectStatus)
            throws IOException {
        try {
            String txn = request.getParameter("txn");
            if (txn != null && request.getParameter("client_id") == null) {
                flow.resume(request, response, txn);
            } else {
                start(request, response, redirectStatus);
            }
        } catch (AuthorizationFault fault) {
            if (fault.redirectUri().isPresent()) {
                Redirects.sendError(response, issuer, fault.redirectUri().get(), fault.error(), fault.state(),
                        redirectStatus);
            } else {
                errorPage(response, HttpServletResponse.SC_BAD_REQUEST, fault.error().description());
            }
        } catch (RuntimeException e) {
            if (DatabaseFaults.isUnavailable(e)) {
                LOG.warn("Authorization request: the database is unavailable ({})", e.toString());
                response.setHeader("Retry-After", Integer.toString(FaultBarrier.RETRY_AFTER_SECONDS));
                errorPage(response, HttpServletResponse.SC_SERVICE_UNAVAILABLE,
                        "The server is briefly unavailable. Please try again in a few seconds.");
                return;
            }
            LOG.error("Authorization request failed", e);
            errorPage(response, HttpServletResponse.SC_INTERNAL_SERVER_ERROR,
                    "Something went wrong on the server. Please start again from the app.");
        }
    }

    private void start(HttpServletRequest request, HttpServletResponse response, int redirectStatus)
            throws IOException {
        Map<String, String> params;
        try {
            params = FormParameters.single(request);
        } catch (OAuthException e) {
            throw AuthorizationFault.untrusted(e.error().description());
        }
        AuthorizationRequest authz = validator.validate(params);
        String binding = cookies.read(request, BrowserCookies.BROWSER).orElseGet(hashing::newToken);
        cookies.write(request, response, BrowserCookies.BROWSER, binding, Duration.ofDays(1));
        String txn = pendings.create(authz, binding);
        Redirects.sendLocal(response, authorizePath + "?txn=" + txn, redirectStatus);
    }

    /** The error page; {@link io.github.hapismart.web.FaultBarrier} shows it for a request it refuses unread. */
    @Override
    public void showError(HttpServletRequest request, HttpServletResponse response, int status, String message)
            throws IOException {
        errorPage(response, status, message);
    }

    /** The consent form's scope checkboxes. */
    @Override
    public Set<String> repeatableParameters() {
        return Set.of("scope");
    }

    private void errorPage(HttpServletResponse response, int status, String message) throws IOException {
        if (response.isCommitted()) {
            return;
        }
        response.reset();
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("message", message);
        pages.render(response, status, "error", model);
    }
}
