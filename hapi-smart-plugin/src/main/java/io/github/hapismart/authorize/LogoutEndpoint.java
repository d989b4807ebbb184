package io.github.hapismart.authorize;

import io.github.hapismart.audit.AuditKind;
import io.github.hapismart.audit.AuditRecord;
import io.github.hapismart.audit.AuditSink;
import io.github.hapismart.config.SmartSettings;
import io.github.hapismart.user.LoginSessions;
import io.github.hapismart.web.BrowserEndpoint;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code /auth/logout}: a page with a logout button ({@code GET}) and the logout itself ({@code POST}, CSRF-checked).
 * Logging out ends the login session, and with it every {@code online_access} refresh token issued in it.
 */
public final class LogoutEndpoint extends HttpServlet implements BrowserEndpoint {

    private final LoginSessions sessions;
    private final BrowserCookies cookies;
    private final Pages pages;
    private final String path;
    private final AuditSink audit;
    private final java.time.Clock clock;

    public LogoutEndpoint(SmartSettings settings, LoginSessions sessions, Pages pages) {
        this(settings, sessions, pages, AuditSink.none(), java.time.Clock.systemUTC());
    }

    /** A logout page that records each logout (which ends the session's online_access grants) in {@code audit}. */
    public LogoutEndpoint(SmartSettings settings, LoginSessions sessions, Pages pages, AuditSink audit,
                          java.time.Clock clock) {
        this.audit = audit;
        this.clock = clock;
        String authPath = URI.create(settings.authBaseUrl()).getPath();
        this.sessions = sessions;
        this.cookies = new BrowserCookies(authPath.isEmpty() ? "/" : authPath,
                settings.authBaseUrl().startsWith("https:"));
        this.pages = pages;
        this.path = authPath + "/logout";
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Optional<String> sessionId = liveSession(request);
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("action", path);
        model.put("loggedIn", sessionId.isPresent());
        sessionId.ifPresent(id -> model.put("csrf", BrowserCookies.csrfToken(id)));
        pages.render(response, HttpServletResponse.SC_OK, "logout", model);
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Optional<String> sessionId = liveSession(request);
        if (sessionId.isPresent() && BrowserCookies.validCsrf(request.getParameter("csrf"), sessionId.get())) {
            String username = sessions.find(sessionId.get()).map(LoginSessions.Session::username).orElse(null);
            sessions.end(sessionId.get());
            audit.record(AuditRecord.of(AuditKind.LOGOUT, true, clock.instant()).user(username)
                    .network(request.getRemoteAddr())
                    .reason("logout ends the session and every online_access refresh token issued in it").build());
            cookies.clear(request, response, BrowserCookies.SESSION);
        }
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("action", path);
        model.put("loggedIn", false);
        pages.render(response, HttpServletResponse.SC_OK, "logout", model);
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
