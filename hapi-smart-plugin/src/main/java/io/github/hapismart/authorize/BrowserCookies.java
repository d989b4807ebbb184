package io.github.hapismart.authorize;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import io.github.hapismart.store.TokenHashing;

/**
 * The two cookies of the authorization pages: the login session ({@code smart_session}) and the browser binding of
 * requests in progress ({@code smart_browser}). Both are HttpOnly, SameSite=Lax, limited to the auth path, and
 * Secure when the server is reached over HTTPS. CSRF tokens are derived from the binding cookie, so a page on
 * another site can neither read nor forge them.
 */
final class BrowserCookies {

    static final String SESSION = "smart_session";
    static final String BROWSER = "smart_browser";

    private final String path;
    private final boolean secureByConfiguration;

    BrowserCookies(String path, boolean secureByConfiguration) {
        this.path = path;
        this.secureByConfiguration = secureByConfiguration;
    }

    Optional<String> read(HttpServletRequest request, String name) {
        Cookie[] cookies = request.getCookies();
        if (cookies == null) {
            return Optional.empty();
        }
        return Arrays.stream(cookies).filter(c -> c.getName().equals(name)).map(Cookie::getValue)
                .filter(v -> !v.isEmpty() && v.length() <= 128).findFirst();
    }

    void write(HttpServletRequest request, HttpServletResponse response, String name, String value, Duration maxAge) {
        Cookie cookie = new Cookie(name, value);
        cookie.setPath(path);
        cookie.setHttpOnly(true);
        cookie.setSecure(secureByConfiguration || request.isSecure());
        cookie.setMaxAge((int) maxAge.toSeconds());
        cookie.setAttribute("SameSite", "Lax");
        response.addCookie(cookie);
    }

    void clear(HttpServletRequest request, HttpServletResponse response, String name) {
        write(request, response, name, "", Duration.ZERO);
    }

    /** The CSRF token of forms shown to the browser holding {@code secret} (its binding or session cookie). */
    static String csrfToken(String secret) {
        return TokenHashing.hash("csrf|" + secret);
    }

    /** Whether {@code submitted} is the CSRF token for {@code secret}, compared in constant time. */
    static boolean validCsrf(String submitted, String secret) {
        return submitted != null && secret != null && MessageDigest.isEqual(
                submitted.getBytes(StandardCharsets.US_ASCII), csrfToken(secret).getBytes(StandardCharsets.US_ASCII));
    }
}
