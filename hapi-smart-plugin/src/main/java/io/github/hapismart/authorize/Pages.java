package io.github.hapismart.authorize;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import org.thymeleaf.TemplateEngine;
import org.thymeleaf.context.Context;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.ClassLoaderTemplateResolver;

/**
 * Renders the authorization pages from the Thymeleaf templates next to this class, with the headers every page
 * gets: no caching, no framing ({@code X-Frame-Options} and CSP {@code frame-ancestors}), resources from this origin
 * only, and no referrer (page URLs carry the request id). Templates escape everything they print.
 */
public final class Pages {

    static final String CSP = "frame-ancestors 'none'; default-src 'self'";

    private final TemplateEngine engine = new TemplateEngine();
    private final String assetsPath;

    /** @param assetsPath the URL path of the style sheet, e.g. {@code /auth/assets/smart.css} */
    public Pages(String assetsPath) {
        ClassLoaderTemplateResolver resolver = new ClassLoaderTemplateResolver(Pages.class.getClassLoader());
        resolver.setPrefix("io/github/hapismart/authorize/templates/");
        resolver.setSuffix(".html");
        resolver.setTemplateMode(TemplateMode.HTML);
        resolver.setCharacterEncoding("UTF-8");
        resolver.setCacheable(true);
        engine.setTemplateResolver(resolver);
        this.assetsPath = assetsPath;
    }

    /** Writes the page {@code template} with {@code variables} and status. */
    public void render(HttpServletResponse response, int status, String template, Map<String, Object> variables)
            throws IOException {
        Context context = new Context(Locale.ENGLISH);
        context.setVariables(variables);
        context.setVariable("stylesheet", assetsPath);
        byte[] html = engine.process(template, context).getBytes(StandardCharsets.UTF_8);
        securityHeaders(response);
        response.setStatus(status);
        response.setContentType("text/html;charset=UTF-8");
        response.setContentLength(html.length);
        response.getOutputStream().write(html);
    }

    /** The headers of every page and redirect of the authorization endpoint. */
    static void securityHeaders(HttpServletResponse response) {
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("Pragma", "no-cache");
        response.setHeader("X-Frame-Options", "DENY");
        response.setHeader("Content-Security-Policy", CSP);
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Referrer-Policy", "no-referrer");
    }
}
