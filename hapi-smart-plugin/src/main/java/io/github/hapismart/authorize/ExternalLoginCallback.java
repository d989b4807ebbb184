package io.github.hapismart.authorize;

import io.github.hapismart.config.SmartSettings;
import io.github.hapismart.store.DatabaseFaults;
import io.github.hapismart.user.LoginSessions;
import io.github.hapismart.web.BrowserEndpoint;
import io.github.hapismart.web.FaultBarrier;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where an external sign-in comes back ({@code <auth>/upstream/callback}): hands the answer to {@link ExternalLogin},
 * and on success starts a login session exactly as a password login does (a new session id, the old one ended) and
 * sends the browser back to its authorization request (or to the management page, for a sign-in started there). Any failure is a page here that says what went wrong; no
 * session is started and nothing reaches the app.
 */
public final class ExternalLoginCallback extends HttpServlet implements BrowserEndpoint {

    private static final Logger LOG = LoggerFactory.getLogger(ExternalLoginCallback.class);

    private final ExternalLogin login;
    private final LoginSessions sessions;
    private final BrowserCookies cookies;
    private final Pages pages;
    private final String authorizePath;
    private final String managePath;

    public ExternalLoginCallback(SmartSettings settings, ExternalLogin login, LoginSessions sessions, Pages pages) {
        String authPath = URI.create(settings.authBaseUrl()).getPath();
        this.login = login;
        this.sessions = sessions;
        this.pages = pages;
        this.authorizePath = authPath + "/authorize";
        this.managePath = authPath + "/manage";
        this.cookies = new BrowserCookies(authPath.isEmpty() ? "/" : authPath,
                settings.authBaseUrl().startsWith("https:"));
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        try {
            String binding = cookies.read(request, BrowserCookies.BROWSER).orElseThrow(() ->
                    new ExternalLogin.FailedException(new ExternalLogin.Failure(400, "This sign-in has expired or was "
                            + "started in another browser. Please start again from the app.", Optional.empty())));
            ExternalLogin.Completed done = login.complete(singleParameters(request), binding,
                    request.getRemoteAddr());
            cookies.read(request, BrowserCookies.SESSION).ifPresent(sessions::end);
            String sessionId = sessions.start(done.username());
            cookies.write(request, response, BrowserCookies.SESSION, sessionId, sessions.lifetime());
            Redirects.sendLocal(response, returnPath(done.txn()), HttpServletResponse.SC_SEE_OTHER);
        } catch (ExternalLogin.FailedException e) {
            failed(response, e.failure());
        } catch (RuntimeException e) {
            if (DatabaseFaults.isUnavailable(e)) {
                response.setHeader("Retry-After", Integer.toString(FaultBarrier.RETRY_AFTER_SECONDS));
                failed(response, new ExternalLogin.Failure(503,
                        "The server is briefly unavailable. Please try again in a few seconds.", Optional.empty()));
                return;
            }
            LOG.error("External sign-in callback failed", e);
            failed(response, new ExternalLogin.Failure(500,
                    "Something went wrong on the server. Please start again from the app.", Optional.empty()));
        }
    }

    /** Our own page the sign-in was started from, as recorded with it server-side: never an outside address. */
    private String returnPath(String txn) {
        return ExternalLogin.MANAGEMENT_PAGE.equals(txn) ? managePath : authorizePath + "?txn=" + txn;
    }

    /** The query parameters, each once; a repeated one is dropped (then the answer does not check out). */
    private static Map<String, String> singleParameters(HttpServletRequest request) {
        Map<String, String> params = new LinkedHashMap<>();
        Enumeration<String> names = request.getParameterNames();
        while (names.hasMoreElements()) {
            String name = names.nextElement();
            String[] values = request.getParameterValues(name);
            if (values != null && values.length == 1) {
                params.put(name, values[0]);
            }
        }
        return params;
    }

    @Override
    public void showError(HttpServletRequest request, HttpServletResponse response, int status, String message)
            throws IOException {
        failed(response, new ExternalLogin.Failure(status, message, Optional.empty()));
    }

    private void failed(HttpServletResponse response, ExternalLogin.Failure failure) throws IOException {
        if (response.isCommitted()) {
            return;
        }
        response.reset();
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("message", failure.message());
        failure.txn().ifPresent(txn -> model.put("back", returnPath(txn)));
        pages.render(response, failure.status(), "login-failed", model);
    }
}
