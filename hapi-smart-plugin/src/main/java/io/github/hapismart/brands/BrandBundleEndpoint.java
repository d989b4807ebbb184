package io.github.hapismart.brands;

import com.nimbusds.jose.util.JSONObjectUtils;
import io.github.hapismart.config.SmartSettings;
import io.github.hapismart.config.UserAccessBrand;
import io.github.hapismart.web.JsonResponses;
import io.github.hapismart.web.OAuthError;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;

/**
 * {@code GET [auth]/brands}: the User-Access Brand Bundle as {@code application/fhir+json}, with a weak {@code ETag}
 * over its content and {@code 304} for a matching {@code If-None-Match} (the IG asks publishers for the one and apps
 * for the other), and public caching for a minute. CORS comes from the plugin's filter, like every {@code /auth} GET.
 * The bundle is built once: it changes only with the settings, that is at a restart.
 */
public final class BrandBundleEndpoint extends HttpServlet {

    private final byte[] body;
    private final String etag;

    public BrandBundleEndpoint(SmartSettings settings, UserAccessBrand brand, Instant changedAt) {
        this.body = JSONObjectUtils.toJSONString(BrandBundle.of(settings, brand, changedAt))
                .getBytes(StandardCharsets.UTF_8);
        this.etag = "W/\"" + digest(body) + "\"";
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String method = request.getMethod();
        if (!method.equals("GET") && !method.equals("HEAD")) {
            response.setHeader("Allow", "GET, HEAD, OPTIONS");
            if (method.equals("OPTIONS")) {
                response.setStatus(HttpServletResponse.SC_NO_CONTENT);
                return;
            }
            JsonResponses.writeError(response, new OAuthError("invalid_request", "Use GET", 405));
            return;
        }
        response.setHeader("ETag", etag);
        response.setHeader("Cache-Control", "public, max-age=60");
        String ifNoneMatch = request.getHeader("If-None-Match");
        if (ifNoneMatch != null && (ifNoneMatch.contains(etag) || ifNoneMatch.contains(etag.substring(2)))) {
            response.setStatus(HttpServletResponse.SC_NOT_MODIFIED);
            return;
        }
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType("application/fhir+json");
        response.setCharacterEncoding("UTF-8");
        response.setContentLength(body.length);
        if (method.equals("GET")) {
            response.getOutputStream().write(body);
        }
    }

    private static String digest(byte[] bytes) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(bytes);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(hash).substring(0, 22);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
