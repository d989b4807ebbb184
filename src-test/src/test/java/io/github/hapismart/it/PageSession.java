package io.github.hapismart.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A cookie-keeping user agent that walks the authorization pages over plain HTTP (no browser): for tests that need
 * a code quickly or check headers and error pages. The browser tests cover the same pages in Chromium.
 */
public final class PageSession {

    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");
    private static final Pattern SCOPE_BOX = Pattern.compile(
            "<input type=\"checkbox\" name=\"scope\" value=\"([^\"]+)\"([^>]*)>");

    private final HttpClient client;
    private final String rootUrl;
    private final java.util.function.Consumer<Page> observer;

    public PageSession(ServerAddress server) {
        this(server, page -> { });
    }

    /** A session that shows every page it receives to {@code observer} (to see which node served it). */
    public PageSession(ServerAddress server, java.util.function.Consumer<Page> observer) {
        this(server, observer, null);
    }

    /** A session over HTTPS that trusts the certificates {@code tls} trusts (a test's own trust store). */
    public PageSession(ServerAddress server, javax.net.ssl.SSLContext tls) {
        this(server, page -> { }, tls);
    }

    private PageSession(ServerAddress server, java.util.function.Consumer<Page> observer,
                        javax.net.ssl.SSLContext tls) {
        HttpClient.Builder builder = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(10));
        if (tls != null) {
            builder.sslContext(tls);
        }
        this.client = builder.build();
        this.rootUrl = server.rootUrl();
        this.observer = observer;
    }

    /** A page response. */
    public record Page(int status, String location, String body, java.net.http.HttpHeaders headers) {
    }

    public Page get(String url) {
        return send(HttpRequest.newBuilder(URI.create(absolute(url))).GET().build());
    }

    public Page post(String url, Map<String, String> form) {
        return post(url, SmartApp.form(form));
    }

    public Page post(String url, String body) {
        return send(HttpRequest.newBuilder(URI.create(absolute(url)))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    /**
     * Starts at {@code authorizeUrl}, logs in, picks {@code patient} if asked, and approves the scopes that
     * {@code choose} keeps of those checked by default. Returns the final redirect to the client.
     */
    public String authorize(String authorizeUrl, String username, String password, String patient,
                            UnaryOperator<List<String>> choose) {
        Page page = get(authorizeUrl);
        assertEquals(302, page.status(), page.body());
        String txnPage = page.location();
        if (txnPage.contains("code=") || txnPage.contains("error=")) {
            return txnPage;
        }
        String txn = txnPage.substring(txnPage.indexOf("txn=") + 4);
        for (int step = 0; step < 5; step++) {
            page = get(txnPage);
            assertEquals(200, page.status(), page.body());
            String csrf = find(CSRF, page.body());
            Map<String, String> form = new LinkedHashMap<>();
            form.put("txn", txn);
            form.put("csrf", csrf);
            if (page.body().contains("name=\"password\"")) {
                form.put("action", "login");
                form.put("username", username);
                form.put("password", password);
                page = post("/auth/authorize", form);
            } else if (page.body().contains("value=\"patient\"")) {
                form.put("action", "patient");
                form.put("patient", patient);
                page = post("/auth/authorize", form);
            } else {
                form.put("action", "consent");
                StringBuilder body = new StringBuilder(SmartApp.form(form));
                for (String scope : choose.apply(checkedScopes(page.body()))) {
                    body.append("&scope=").append(SmartApp.encode(scope));
                }
                body.append("&decision=approve");
                page = post("/auth/authorize", body.toString());
                assertEquals(303, page.status(), page.body());
                return page.location();
            }
            assertEquals(303, page.status(), page.body());
        }
        throw new AssertionError("The authorization pages did not reach consent");
    }

    /** The scope values checked by default on a consent page (locked ones excluded: they are not submitted). */
    public static List<String> checkedScopes(String html) {
        List<String> scopes = new ArrayList<>();
        Matcher m = SCOPE_BOX.matcher(html);
        while (m.find()) {
            if (m.group(2).contains("checked") && !m.group(2).contains("disabled")) {
                scopes.add(m.group(1).replace("&amp;", "&"));
            }
        }
        return scopes;
    }

    /** The value of {@code name} in the query of a redirect URL. */
    public static String param(String url, String name) {
        String query = URI.create(url).getRawQuery();
        for (String pair : query == null ? new String[0] : query.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).equals(name)) {
                return java.net.URLDecoder.decode(pair.substring(eq + 1), java.nio.charset.StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    private static String find(Pattern pattern, String html) {
        Matcher m = pattern.matcher(html);
        if (!m.find()) {
            throw new AssertionError("No match for " + pattern + " in " + html);
        }
        return m.group(1);
    }

    private String absolute(String url) {
        return url.startsWith("http") ? url : rootUrl + url;
    }

    private Page send(HttpRequest request) {
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            Page page = new Page(response.statusCode(), response.headers().firstValue("Location").orElse(null),
                    response.body(), response.headers());
            observer.accept(page);
            return page;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
