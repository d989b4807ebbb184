package io.github.hapismart.keys;

import io.github.hapismart.web.JsonResponses;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** Serves the server's public JWK Set at {@code jwks_uri}: only public parts, every key with kid, alg and use. */
public final class JwksEndpoint extends HttpServlet {

    private final SigningKeys keys;

    public JwksEndpoint(SigningKeys keys) {
        this.keys = keys;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setHeader("Cache-Control", "public, max-age=300");
        JsonResponses.write(response, HttpServletResponse.SC_OK, keys.publicJwks().toJSONObject(true));
    }
}
