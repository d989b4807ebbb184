package io.github.hapismart.sample;

import io.github.hapismart.SmartAuthorizationServer;
import io.github.hapismart.authorize.PatientDirectory;
import io.github.hapismart.client.RegisteredClient;
import io.github.hapismart.launch.FhirContextItem;
import io.github.hapismart.launch.LaunchContext;
import io.github.hapismart.store.TokenHashing;
import io.github.hapismart.user.LoginSessions;
import io.github.hapismart.user.UserAccount;
import jakarta.servlet.http.Cookie;
import io.github.hapismart.web.BrowserEndpoint;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.thymeleaf.TemplateEngine;
import org.thymeleaf.context.Context;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.ClassLoaderTemplateResolver;

/**
 * The sample server's EHR simulator at {@code /ehr}: a practitioner signs in, picks a patient (and optionally an
 * encounter) and a registered app, and is sent to the app's {@code initiate_login_uri} with {@code iss} and a fresh
 * {@code launch}. Signing in here also signs in to the authorization pages (the same login session), as a real EHR's
 * single sign-on would. A demo page: the plugin's own pages are the ones with login throttling.
 */
final class EhrSimulatorServlet extends HttpServlet implements BrowserEndpoint {

    private static final String COOKIE = "ehr_session";

    private final SmartAuthorizationServer server;
    private final PatientDirectory patients;
    private final String styleUrl;
    private final TemplateEngine engine = new TemplateEngine();

    /** @param styleUrl the EHR's SMART style sheet, passed to apps as {@code smart_style_url} */
    EhrSimulatorServlet(SmartAuthorizationServer server, PatientDirectory patients, String styleUrl) {
        this.server = server;
        this.patients = patients;
        this.styleUrl = styleUrl;
        ClassLoaderTemplateResolver resolver = new ClassLoaderTemplateResolver(getClass().getClassLoader());
        resolver.setPrefix("io/github/hapismart/sample/templates/");
        resolver.setSuffix(".html");
        resolver.setTemplateMode(TemplateMode.HTML);
        resolver.setCharacterEncoding("UTF-8");
        engine.setTemplateResolver(resolver);
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        render(request, response, Map.of(), HttpServletResponse.SC_OK);
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String action = String.valueOf(request.getParameter("action"));
        if (action.equals("login")) {
            login(request, response);
            return;
        }
        Optional<String> session = session(request);
        if (session.isEmpty() || !csrfMatches(request.getParameter("csrf"), session.get())) {
            render(request, response, Map.of("error", "Please sign in again."), HttpServletResponse.SC_BAD_REQUEST);
            return;
        }
        if (action.equals("logout")) {
            server.loginSessions().end(session.get());
            cookie(request, response, COOKIE, "", "/ehr", Duration.ZERO);
            redirect(response, "/ehr");
            return;
        }
        launch(request, response);
    }

    private void login(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String username = Optional.ofNullable(request.getParameter("username")).orElse("");
        Optional<UserAccount> user = server.users().authenticate(username,
                Optional.ofNullable(request.getParameter("password")).orElse(""))
                .filter(account -> account.fhirUserType().equals("Practitioner"));
        if (user.isEmpty()) {
            render(request, response, Map.of("error", "Wrong user name or password, or not a practitioner."),
                    HttpServletResponse.SC_UNAUTHORIZED);
            return;
        }
        LoginSessions sessions = server.loginSessions();
        String id = sessions.start(user.get().username());
        cookie(request, response, COOKIE, id, "/ehr", sessions.lifetime());
        cookie(request, response, "smart_session", id, URI.create(server.settings().authBaseUrl()).getPath(),
                sessions.lifetime());
        redirect(response, "/ehr");
    }

    private void launch(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Optional<RegisteredClient> app = Optional.ofNullable(request.getParameter("app"))
                .flatMap(server.clients()::findById).filter(c -> c.initiateLoginUri().isPresent());
        Optional<String> patient = Optional.ofNullable(request.getParameter("patient")).flatMap(patients::find)
                .map(p -> p.id());
        if (app.isEmpty() || patient.isEmpty()) {
            render(request, response, Map.of("error", "Choose a patient and an app."),
                    HttpServletResponse.SC_BAD_REQUEST);
            return;
        }
        Optional<String> encounter = Optional.ofNullable(request.getParameter("encounter")).map(String::strip)
                .filter(e -> e.matches("[A-Za-z0-9\\-.]{1,64}"));
        String fhirUser = server.loginSessions().find(session(request).orElseThrow())
                .flatMap(s -> server.users().findByUsername(s.username())).map(UserAccount::fhirUser).orElseThrow();
        List<FhirContextItem> fhirContext;
        try {
            fhirContext = Optional.ofNullable(request.getParameter("fhir_context")).filter(v -> !v.isBlank())
                    .map(FhirContextItem::parseList).orElse(List.of());
        } catch (IllegalArgumentException e) {
            render(request, response, Map.of("error", e.getMessage()), HttpServletResponse.SC_BAD_REQUEST);
            return;
        }
        LaunchContext context = new LaunchContext(patient, encounter, Optional.of(fhirUser), fhirContext,
                Optional.empty(), Optional.of(request.getParameter("banner") != null), Optional.of(styleUrl));
        String launch = server.launchContexts().create(app.get().clientId(), context, "ehr-simulator");
        URI target = app.get().initiateLoginUri().orElseThrow();
        redirect(response, target + (target.getQuery() == null ? "?" : "&") + "iss="
                + URLEncoder.encode(server.settings().fhirBaseUrl(), StandardCharsets.UTF_8) + "&launch="
                + URLEncoder.encode(launch, StandardCharsets.UTF_8));
    }

    /** The simulator's page with {@code message}; shown by the fault barrier for a request it refuses unread. */
    @Override
    public void showError(HttpServletRequest request, HttpServletResponse response, int status, String message)
            throws IOException {
        if (!response.isCommitted()) {
            response.reset();
            render(request, response, Map.of("error", message), status);
        }
    }

    private void render(HttpServletRequest request, HttpServletResponse response, Map<String, Object> extra,
                        int status) throws IOException {
        Map<String, Object> model = new LinkedHashMap<>(extra);
        Optional<String> session = session(request);
        Optional<UserAccount> user = session.flatMap(server.loginSessions()::find)
                .flatMap(s -> server.users().findByUsername(s.username()));
        model.put("stylesheet", URI.create(server.settings().authBaseUrl()).getPath() + "/assets/smart.css");
        model.put("loggedIn", user.isPresent());
        if (user.isPresent()) {
            model.put("userName", user.get().displayName());
            model.put("csrf", csrf(session.get()));
            model.put("patients", patients.search("", 50).stream()
                    .map(p -> Map.of("id", p.id(), "name", p.name() + " (" + p.birthDate() + ")")).toList());
            model.put("apps", server.clients().findAll().stream()
                    .filter(c -> c.initiateLoginUri().isPresent()
                            && c.allowsGrant(RegisteredClient.AUTHORIZATION_CODE))
                    .map(c -> Map.of("id", c.clientId(), "name", c.clientName())).toList());
        }
        Context context = new Context(Locale.ENGLISH);
        context.setVariables(model);
        byte[] html = engine.process("ehr", context).getBytes(StandardCharsets.UTF_8);
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("X-Frame-Options", "DENY");
        response.setHeader("Content-Security-Policy", "frame-ancestors 'none'; default-src 'self'");
        response.setStatus(status);
        response.setContentType("text/html;charset=UTF-8");
        response.getOutputStream().write(html);
    }

    private Optional<String> session(HttpServletRequest request) {
        return Optional.ofNullable(request.getCookies()).stream().flatMap(Arrays::stream)
                .filter(c -> c.getName().equals(COOKIE)).map(Cookie::getValue)
                .filter(id -> server.loginSessions().find(id).isPresent()).findFirst();
    }

    private static String csrf(String session) {
        return TokenHashing.hash("ehr-csrf|" + session);
    }

    private static boolean csrfMatches(String submitted, String session) {
        return submitted != null && MessageDigest.isEqual(submitted.getBytes(StandardCharsets.UTF_8),
                csrf(session).getBytes(StandardCharsets.UTF_8));
    }

    private static void cookie(HttpServletRequest request, HttpServletResponse response, String name, String value,
                               String path, Duration maxAge) {
        Cookie cookie = new Cookie(name, value);
        cookie.setPath(path);
        cookie.setHttpOnly(true);
        cookie.setSecure(request.isSecure());
        cookie.setMaxAge((int) maxAge.toSeconds());
        cookie.setAttribute("SameSite", "Lax");
        response.addCookie(cookie);
    }

    private static void redirect(HttpServletResponse response, String location) {
        response.setHeader("Cache-Control", "no-store");
        response.setStatus(HttpServletResponse.SC_SEE_OTHER);
        response.setHeader("Location", location);
    }
}
