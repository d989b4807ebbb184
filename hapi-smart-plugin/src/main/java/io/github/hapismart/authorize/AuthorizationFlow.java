package io.github.hapismart.authorize;

import io.github.hapismart.store.TokenHashing;
import io.github.hapismart.launch.LaunchContext;
import io.github.hapismart.scope.Scope;
import io.github.hapismart.scope.ScopeSet;
import io.github.hapismart.token.AuthorizationCodes;
import io.github.hapismart.token.GrantRecords;
import io.github.hapismart.token.UserGrant;
import io.github.hapismart.user.LoginSessions;
import io.github.hapismart.user.UserAccount;
import io.github.hapismart.user.UserRepository;
import io.github.hapismart.web.OAuthError;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The authorization request after validation, as a step machine: need login? need a patient? need consent? Each
 * GET shows the page of the next step; each form post (CSRF-checked) records one answer and redirects back, until
 * the consent decision sends the browser to the client with a code or {@code access_denied}.
 */
final class AuthorizationFlow {

    enum Step { LOGIN, PICK_PATIENT, CONSENT }

    /** The state of one browser's request: what it asked, who is logged in, the binding secret. */
    private record Visit(PendingAuthorizations.Pending pending, Optional<LoginSessions.Session> session,
                         Optional<UserAccount> user, String binding, String txn) {
        AuthorizationRequest request() {
            return pending.request();
        }
    }

    private final PendingAuthorizations pendings;
    private final LoginSessions sessions;
    private final UserRepository users;
    private final PatientDirectory patients;
    private final LoginAttempts logins;
    private final GrantRecords grants;
    private final BrowserCookies cookies;
    private final Pages pages;
    private final AuthorizationCodes codes;
    private final TokenHashing ids;
    private final String authorizePath;
    private final ExternalLogin externalLogin;
    private final ConsentAudit audit;
    private final String issuer;

    AuthorizationFlow(PendingAuthorizations pendings, LoginSessions sessions, UserRepository users,
                      PatientDirectory patients, LoginAttempts logins, BrowserCookies cookies, Pages pages,
                      AuthorizationCodes codes, GrantRecords grants, TokenHashing ids, String authorizePath,
                      ExternalLogin externalLogin, ConsentAudit audit, String issuer) {
        this.externalLogin = externalLogin;
        this.audit = audit;
        this.issuer = issuer;
        this.ids = ids;
        this.pendings = pendings;
        this.sessions = sessions;
        this.users = users;
        this.patients = patients;
        this.logins = logins;
        this.grants = grants;
        this.cookies = cookies;
        this.pages = pages;
        this.codes = codes;
        this.authorizePath = authorizePath;
    }

    /** Continues request {@code txn} for this browser: shows the next page, or handles a posted form. */
    void resume(HttpServletRequest request, HttpServletResponse response, String txn) throws IOException {
        String binding = cookies.read(request, BrowserCookies.BROWSER).orElseThrow(AuthorizationFlow::lost);
        PendingAuthorizations.Pending pending = pendings.find(txn, binding).orElseThrow(AuthorizationFlow::lost);
        Optional<LoginSessions.Session> session = cookies.read(request, BrowserCookies.SESSION)
                .flatMap(sessions::find);
        Optional<UserAccount> user = session.flatMap(s -> users.findByUsername(s.username()));
        Visit visit = new Visit(pending, session, user, binding, txn);
        if (!"POST".equals(request.getMethod())) {
            show(request, response, visit, Map.of(), HttpServletResponse.SC_OK);
            return;
        }
        if (!BrowserCookies.validCsrf(request.getParameter("csrf"), binding)) {
            throw AuthorizationFault.untrusted("The form has expired. Please start again from the app.");
        }
        switch (String.valueOf(request.getParameter("action"))) {
            case "login" -> login(request, response, visit);
            case "external-login" -> externalLogin(request, response, visit);
            case "patient" -> pickPatient(request, response, visit);
            case "consent" -> consent(request, response, visit);
            case "switch-user" -> {
                cookies.read(request, BrowserCookies.SESSION).ifPresent(sessions::end);
                cookies.clear(request, response, BrowserCookies.SESSION);
                back(response, txn);
            }
            default -> back(response, txn);
        }
    }

    private Step next(Visit visit) {
        if (visit.user().isEmpty()) {
            return Step.LOGIN;
        }
        if (visit.request().wantsPatient() && patientOf(visit).isEmpty()) {
            return Step.PICK_PATIENT;
        }
        return Step.CONSENT;
    }

    /** The patient in context: a patient user's own record; else the EHR's or the picked one. */
    private static Optional<String> patientOf(Visit visit) {
        Optional<UserAccount> user = visit.user();
        if (user.isPresent() && user.get().fhirUserType().equals("Patient")) {
            boolean patientScopes = visit.request().scopes().resourceScopes().stream()
                    .anyMatch(s -> s.context() == Scope.Context.PATIENT);
            return visit.request().wantsPatient() || patientScopes
                    ? Optional.of(user.get().fhirUserId()) : Optional.empty();
        }
        return visit.request().launch().patient().or(() -> visit.pending().patient());
    }

    private void show(HttpServletRequest request, HttpServletResponse response, Visit visit,
                      Map<String, Object> extra, int status) throws IOException {
        Map<String, Object> model = new LinkedHashMap<>(extra);
        model.put("clientName", visit.request().clientName());
        model.put("action", authorizePath);
        model.put("txn", visit.txn());
        model.put("csrf", BrowserCookies.csrfToken(visit.binding()));
        visit.user().ifPresent(u -> model.put("userName", u.displayName()));
        switch (next(visit)) {
            case LOGIN -> {
                model.put("passwordLogin", externalLogin.passwordLogin());
                model.put("externalLogins", externalLogin.options());
                pages.render(response, status, "login", model);
            }
            case PICK_PATIENT -> {
                String query = Optional.ofNullable(request.getParameter("q")).map(String::strip).orElse("");
                model.put("query", query);
                model.put("patients", patients.search(query, 25).stream().map(p -> Map.of("id", p.id(), "name",
                        p.name(), "detail", (p.gender() + " " + p.birthDate()).strip())).toList());
                pages.render(response, status, "patient", model);
            }
            case CONSENT -> {
                model.put("items", ConsentForm.items(visit.request()).stream().map(ConsentForm::toModel).toList());
                model.put("patient", ConsentForm.patientLabel(patientOf(visit).map(this::summary)).orElse(null));
                pages.render(response, status, "consent", model);
            }
        }
    }

    private PatientSummary summary(String id) {
        return patients.find(id).orElse(new PatientSummary(id, "Patient/" + id, "", ""));
    }

    private void login(HttpServletRequest request, HttpServletResponse response, Visit visit) throws IOException {
        if (!externalLogin.passwordLogin()) {
            show(request, response, visit, Map.of("error", "Sign-in with a password is turned off here."),
                    HttpServletResponse.SC_FORBIDDEN);
            return;
        }
        LoginAttempts.Outcome outcome = logins.attempt(request, response, cookies);
        if (outcome.success()) {
            back(response, visit.txn());
            return;
        }
        String username = Optional.ofNullable(request.getParameter("username")).orElse("");
        show(request, response, visit, Map.of("error", outcome.message(), "username", username), outcome.status());
    }

    /** Sends the browser to the chosen external sign-in; its callback resumes this request. */
    private void externalLogin(HttpServletRequest request, HttpServletResponse response, Visit visit)
            throws IOException {
        if (next(visit) != Step.LOGIN) {
            back(response, visit.txn());
            return;
        }
        String option = Optional.ofNullable(request.getParameter("provider")).orElse("");
        try {
            java.net.URI upstream = externalLogin.begin(option, visit.txn(), visit.binding());
            Redirects.sendLocal(response, upstream.toString(), HttpServletResponse.SC_SEE_OTHER);
        } catch (ExternalLogin.FailedException e) {
            show(request, response, visit, Map.of("error", e.failure().message()), e.failure().status());
        }
    }

    private void pickPatient(HttpServletRequest request, HttpServletResponse response, Visit visit)
            throws IOException {
        if (next(visit) != Step.PICK_PATIENT) {
            back(response, visit.txn());
            return;
        }
        Optional<PatientSummary> chosen = Optional.ofNullable(request.getParameter("patient")).flatMap(patients::find);
        if (chosen.isEmpty()) {
            show(request, response, visit, Map.of("error", "Please choose a patient from the list."),
                    HttpServletResponse.SC_BAD_REQUEST);
            return;
        }
        pendings.setPatient(visit.pending().idHash(), chosen.get().id());
        back(response, visit.txn());
    }

    private void consent(HttpServletRequest request, HttpServletResponse response, Visit visit) throws IOException {
        if (next(visit) != Step.CONSENT) {
            back(response, visit.txn());
            return;
        }
        AuthorizationRequest authz = visit.request();
        pendings.delete(visit.pending().idHash());
        if (!"approve".equals(request.getParameter("decision"))) {
            audit.denied(authz.clientId(), visit.user().map(UserAccount::username).orElse(null),
                    patientOf(visit).orElse(null), authz.scopes(), request.getRemoteAddr());
            Redirects.sendError(response, issuer, authz.redirectUri(),
                    OAuthError.accessDenied("The user denied access"), authz.state(), HttpServletResponse.SC_SEE_OTHER);
            return;
        }
        String[] ticked = Optional.ofNullable(request.getParameterValues("scope")).orElse(new String[0]);
        ScopeSet granted = ConsentForm.granted(authz, List.of(ticked));
        LaunchContext context = patientOf(visit).map(authz.launch()::withPatient).orElse(authz.launch());
        UserAccount user = visit.user().orElseThrow();
        LoginSessions.Session session = visit.session().orElseThrow();
        UserGrant grant = new UserGrant(authz.clientId(), user.username(), Optional.of(user.fhirUser()),
                Optional.of(user.displayName()), granted, context, ids.newId(),
                Optional.of(session.sessionHash()), session.createdAt(), authz.nonce());
        grants.record(grant);
        String code = codes.issue(grant, authz.redirectUri(), authz.codeChallenge());
        audit.approved(grant, authz.scopes(), request.getRemoteAddr());
        Redirects.sendCode(response, issuer, authz.redirectUri(), code, authz.state(),
                HttpServletResponse.SC_SEE_OTHER);
    }

    private void back(HttpServletResponse response, String txn) {
        Redirects.sendLocal(response, authorizePath + "?txn=" + txn, HttpServletResponse.SC_SEE_OTHER);
    }

    private static AuthorizationFault lost() {
        return AuthorizationFault.untrusted("This sign-in has expired or was started in another browser. "
                + "Please start again from the app.");
    }
}
