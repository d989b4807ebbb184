package io.github.hapismart.web;

import com.nimbusds.jose.util.JSONObjectUtils;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** Writes JSON answers and OAuth error bodies the same way for every endpoint. */
public final class JsonResponses {

    private JsonResponses() {
    }

    /** Writes {@code body} as {@code application/json} with the given status. */
    public static void write(HttpServletResponse response, int status, Map<String, ?> body) throws IOException {
        byte[] bytes = JSONObjectUtils.toJSONString(body).getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }

    /** Writes a JSON answer that must never be cached (token and registration responses). */
    public static void writeNoStore(HttpServletResponse response, int status, Map<String, ?> body) throws IOException {
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("Pragma", "no-cache");
        write(response, status, body);
    }

    /** Writes an OAuth error as {@code {"error": ..., "error_description": ...}} with its status. */
    public static void writeError(HttpServletResponse response, OAuthError error) throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", error.code());
        body.put("error_description", error.description());
        writeNoStore(response, error.httpStatus(), body);
    }
}
