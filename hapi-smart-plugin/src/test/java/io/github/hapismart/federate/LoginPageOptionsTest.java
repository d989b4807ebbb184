package io.github.hapismart.federate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.hapismart.SmartAuthorizationServer;
import io.github.hapismart.config.SmartSettings;
import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The login page's choices, served by the authorization server's own servlets in Jetty: "Sign in with ..." for each
 * provider beside the password form, or instead of it when password login is turned off (then a posted password is
 * refused too). The management page offers the same choices.
 */
class LoginPageOptionsTest {

    private final HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager())
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private Server jetty;
    private String root;

    private static final UpstreamProvider PROVIDER = new UpstreamProvider("hospital", "Hospital IdP",
            URI.create("https://idp.example.org"), "smart", new UpstreamProvider.ClientSecret("s", false),
            List.of("openid"), new FhirUserMapping.Claim("fhirUser"), Optional.empty());

    private SmartAuthorizationServer start(FederationSettings federation) throws Exception {
        int port;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        jetty = new Server();
        ServerConnector connector = new ServerConnector(jetty);
        connector.setHost("127.0.0.1");
        connector.setPort(port);
        jetty.addConnector(connector);
        root = "http://127.0.0.1:" + port;
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        SmartAuthorizationServer server = SmartAuthorizationServer.builder(
                SmartSettings.builder(root + "/fhir").build(), dataSource).federation(federation).build();
        ServletContextHandler context = new ServletContextHandler();
        server.servlets().forEach((path, servlet) -> context.addServlet(new ServletHolder(servlet), path));
        jetty.setHandler(context);
        jetty.start();
        return server;
    }

    @AfterEach
    void stop() throws Exception {
        jetty.stop();
    }

    /** Opens a valid authorization request and returns the login page's HTML. */
    private String loginPage(SmartAuthorizationServer server) throws IOException, InterruptedException {
        String redirect = "http://127.0.0.1:1/cb";
        String clientId = server.registrar().register(Map.of("redirect_uris", List.of(redirect),
                "token_endpoint_auth_method", "none", "scope", "openid fhirUser patient/*.rs")).client().clientId();
        Map<String, String> params = Map.of("response_type", "code", "client_id", clientId, "redirect_uri", redirect,
                "scope", "openid patient/*.rs", "state", "s1", "aud", root + "/fhir",
                "code_challenge", "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM", "code_challenge_method", "S256");
        HttpResponse<String> started = get(root + "/auth/authorize?" + form(params));
        assertEquals(302, started.statusCode(), started.body());
        HttpResponse<String> page = get(root + started.headers().firstValue("Location").orElseThrow());
        assertEquals(200, page.statusCode(), page.body());
        return page.body();
    }

    private HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String form(Map<String, String> params) {
        return params.entrySet().stream().map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(),
                StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
    }

    @Test
    void theProvidersButtonSitsBesideThePasswordForm() throws Exception {
        String html = loginPage(start(new FederationSettings(List.of(PROVIDER), true, Duration.ofSeconds(5))));
        assertTrue(html.contains(">Sign in with Hospital IdP</button>"), html);
        assertTrue(html.contains("name=\"password\""), html);
    }

    @Test
    void withPasswordLoginOffOnlyTheProviderIsOfferedAndAPostedPasswordIsRefused() throws Exception {
        SmartAuthorizationServer server = start(new FederationSettings(List.of(PROVIDER), false,
                Duration.ofSeconds(5)));
        server.users().save("alice", "alice-password-1", "Practitioner/1", "Alice");
        String html = loginPage(server);
        assertTrue(html.contains(">Sign in with Hospital IdP</button>"), html);
        assertFalse(html.contains("name=\"password\""), html);
        Matcher txn = Pattern.compile("name=\"txn\" value=\"([^\"]+)\"").matcher(html);
        Matcher csrf = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"").matcher(html);
        assertTrue(txn.find() && csrf.find());
        HttpResponse<String> posted = http.send(HttpRequest.newBuilder(URI.create(root + "/auth/authorize"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(Map.of("txn", txn.group(1), "csrf", csrf.group(1),
                        "action", "login", "username", "alice", "password", "alice-password-1")))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(403, posted.statusCode(), posted.body());
    }

    @Test
    void withoutProvidersTheLoginPageIsThePasswordFormAsBefore() throws Exception {
        String html = loginPage(start(FederationSettings.none()));
        assertFalse(html.contains("Sign in with"), html);
        assertTrue(html.contains("name=\"password\""), html);
    }

    @Test
    void theManagementPageOffersTheProviderBesideThePasswordForm() throws Exception {
        start(new FederationSettings(List.of(PROVIDER), true, Duration.ofSeconds(5)));
        HttpResponse<String> page = get(root + "/auth/manage");
        assertEquals(200, page.statusCode(), page.body());
        assertTrue(page.body().contains(">Sign in with Hospital IdP</button>"), page.body());
        assertTrue(page.body().contains("name=\"password\""), page.body());
    }

    @Test
    void withPasswordLoginOffTheManagementPageHasNoPasswordFormAndRefusesAPostedPassword() throws Exception {
        SmartAuthorizationServer server = start(new FederationSettings(List.of(PROVIDER), false,
                Duration.ofSeconds(5)));
        server.users().save("alice", "alice-password-1", "Practitioner/1", "Alice");
        HttpResponse<String> page = get(root + "/auth/manage");
        assertTrue(page.body().contains(">Sign in with Hospital IdP</button>"), page.body());
        assertFalse(page.body().contains("name=\"password\""), page.body());
        Matcher csrf = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"").matcher(page.body());
        assertTrue(csrf.find());
        HttpResponse<String> posted = http.send(HttpRequest.newBuilder(URI.create(root + "/auth/manage"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(Map.of("csrf", csrf.group(1), "action", "login",
                        "username", "alice", "password", "alice-password-1")))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(403, posted.statusCode(), posted.body());
        assertFalse(posted.body().contains("Signed in as"), posted.body());
    }
}
