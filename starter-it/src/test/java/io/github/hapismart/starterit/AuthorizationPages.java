package io.github.hapismart.starterit;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Walks the plugin's authorization pages over plain HTTP, as a user would (a trimmed copy of src-test's
 * {@code PageSession}): log in, pick a patient if asked, then approve every scope checked by default. Returns the
 * redirect to the app.
 */
final class AuthorizationPages {

    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");
    private static final Pattern CHECKED_SCOPE =
            Pattern.compile("<input type=\"checkbox\" name=\"scope\" value=\"([^\"]+)\"([^>]*)>");

    private final Http http = new Http();
    private final String rootUrl;

    AuthorizationPages(String rootUrl) {
        this.rootUrl = rootUrl;
    }

    String approve(String authorizeUrl, String username, String password, String patient) {
        Http.Response page = http.get(authorizeUrl, "Accept", "text/html");
        String txnPage = page.header("Location");
        if (page.status() != 302 || txnPage.contains("code=") || txnPage.contains("error=")) {
            return txnPage;
        }
        String txn = txnPage.substring(txnPage.indexOf("txn=") + 4);
        for (int step = 0; step < 4; step++) {
            page = http.get(txnPage.startsWith("http") ? txnPage : rootUrl + txnPage, "Accept", "text/html");
            Map<String, String> form = new LinkedHashMap<>();
            form.put("txn", txn);
            form.put("csrf", find(CSRF, page.body()));
            if (page.body().contains("name=\"password\"")) {
                form.put("action", "login");
                form.put("username", username);
                form.put("password", password);
                http.postForm(rootUrl + "/auth/authorize", Http.form(form), "Accept", "text/html");
                continue;
            }
            if (page.body().contains("value=\"patient\"")) {
                form.put("action", "patient");
                form.put("patient", patient);
                http.postForm(rootUrl + "/auth/authorize", Http.form(form), "Accept", "text/html");
                continue;
            }
            form.put("action", "consent");
            StringBuilder body = new StringBuilder(Http.form(form));
            Matcher box = CHECKED_SCOPE.matcher(page.body());
            while (box.find()) {
                if (box.group(2).contains("checked") && !box.group(2).contains("disabled")) {
                    body.append("&scope=").append(Http.encode(box.group(1).replace("&amp;", "&")));
                }
            }
            body.append("&decision=approve");
            return http.postForm(rootUrl + "/auth/authorize", body.toString(), "Accept", "text/html")
                    .header("Location");
        }
        throw new AssertionError("The authorization pages did not reach consent");
    }

    /** The value of {@code name} in the query of a redirect URL. */
    static String param(String url, String name) {
        for (String pair : URI.create(url).getRawQuery().split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).equals(name)) {
                return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    private static String find(Pattern pattern, String html) {
        Matcher matcher = pattern.matcher(html);
        if (!matcher.find()) {
            throw new AssertionError("No " + pattern + " in " + html);
        }
        return matcher.group(1);
    }
}
