package io.github.hapismart.authorize;

import io.github.hapismart.audit.AuditKind;
import io.github.hapismart.audit.AuditRecord;
import io.github.hapismart.audit.AuditSink;
import io.github.hapismart.store.SmartDatabase;
import io.github.hapismart.user.LoginSessions;
import io.github.hapismart.user.UserAccount;
import io.github.hapismart.user.UserRepository;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * Handles a posted login form ({@code username}, {@code password}) for every page that has one: throttles failures
 * per user name and address (counted in the database, across nodes), checks the password, and on success starts a new login session (a new id every time,
 * so a planted cookie cannot be promoted) and sets its cookie.
 */
public final class LoginAttempts {

    /** The outcome: success, or a message for the form with the status to answer. */
    record Outcome(boolean success, String message, int status) {
    }

    private final UserRepository users;
    private final LoginSessions sessions;
    private final LoginThrottle throttle;
    private final AuditSink audit;
    private final Clock clock;

    public LoginAttempts(UserRepository users, LoginSessions sessions, SmartDatabase db, Clock clock) {
        this(users, sessions, db, clock, AuditSink.none());
    }

    /** Login handling that records every attempt (user name and address, never the password) in {@code audit}. */
    public LoginAttempts(UserRepository users, LoginSessions sessions, SmartDatabase db, Clock clock,
                         AuditSink audit) {
        this.users = users;
        this.sessions = sessions;
        this.throttle = new LoginThrottle(db, clock);
        this.audit = audit;
        this.clock = clock;
    }

    private void record(boolean success, String username, String address, String reason) {
        audit.record(AuditRecord.of(AuditKind.LOGIN, success, clock.instant()).user(username.isEmpty() ? null
                : username.substring(0, Math.min(username.length(), 128))).network(address).reason(reason).build());
    }

    Outcome attempt(HttpServletRequest request, HttpServletResponse response, BrowserCookies cookies) {
        String username = Optional.ofNullable(request.getParameter("username")).map(String::strip).orElse("");
        String password = Optional.ofNullable(request.getParameter("password")).orElse("");
        String address = request.getRemoteAddr();
        Optional<Duration> wait = throttle.waitBefore(username, address);
        if (wait.isPresent()) {
            record(false, username, address, "too many failed logins (throttled)");
            return new Outcome(false, "Too many failed logins. Please wait " + Math.max(1, wait.get().toSeconds())
                    + " seconds and try again.", 429);
        }
        Optional<UserAccount> account = username.isEmpty() || username.length() > 128 ? Optional.empty()
                : users.authenticate(username, password);
        if (account.isEmpty()) {
            throttle.failed(username, address);
            record(false, username, address, "wrong user name or password");
            return new Outcome(false, "Wrong user name or password.", HttpServletResponse.SC_UNAUTHORIZED);
        }
        cookies.read(request, BrowserCookies.SESSION).ifPresent(sessions::end);
        String sessionId = sessions.start(account.get().username());
        cookies.write(request, response, BrowserCookies.SESSION, sessionId, sessions.lifetime());
        record(true, account.get().username(), address, null);
        return new Outcome(true, "", HttpServletResponse.SC_SEE_OTHER);
    }
}
