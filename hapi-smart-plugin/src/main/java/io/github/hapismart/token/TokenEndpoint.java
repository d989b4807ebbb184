package io.github.hapismart.token;

import io.github.hapismart.client.ClientAuthenticator;
import io.github.hapismart.client.RegisteredClient;
import io.github.hapismart.web.FormParameters;
import io.github.hapismart.web.JsonResponses;
import io.github.hapismart.web.OAuthError;
import io.github.hapismart.web.OAuthException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The OAuth token endpoint: authenticates the client, checks it may use the requested grant type, and hands the
 * request to that grant's {@link GrantHandler}. Errors are rendered here, as JSON with no-store headers; a failed
 * client authentication answers 401 with {@code WWW-Authenticate}.
 */
public final class TokenEndpoint extends HttpServlet {

    private static final Logger LOG = LoggerFactory.getLogger(TokenEndpoint.class);

    private final ClientAuthenticator authenticator;
    private final Map<String, GrantHandler> handlers;

    public TokenEndpoint(ClientAuthenticator authenticator, List<GrantHandler> handlers) {
        this.authenticator = authenticator;
        this.handlers = handlers.stream().collect(Collectors.toUnmodifiableMap(GrantHandler::grantType,
                Function.identity()));
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        try {
            if (!FormParameters.isForm(request)) {
                throw OAuthError.invalidRequest("The token request must be application/x-www-form-urlencoded")
                        .exception();
            }
            if (request.getQueryString() != null && !request.getQueryString().isEmpty()) {
                throw OAuthError.invalidRequest("Token request parameters belong in the body, not the URL")
                        .exception();
            }
            Map<String, String> form = FormParameters.single(request);
            String grantType = form.get("grant_type");
            if (grantType == null || grantType.isEmpty()) {
                throw OAuthError.invalidRequest("Missing parameter grant_type").exception();
            }
            GrantHandler handler = handlers.get(grantType);
            if (handler == null) {
                throw OAuthError.unsupportedGrantType("grant_type " + grantType + " is not supported").exception();
            }
            RegisteredClient client = authenticator.authenticate(request.getHeader("Authorization"), form);
            if (!client.allowsGrant(grantType)) {
                throw OAuthError.unauthorizedClient("This client is not registered for " + grantType).exception();
            }
            JsonResponses.writeNoStore(response, HttpServletResponse.SC_OK, handler.handle(client, form));
        } catch (OAuthException e) {
            if (e.error().httpStatus() == HttpServletResponse.SC_UNAUTHORIZED) {
                boolean basic = request.getHeader("Authorization") != null;
                response.setHeader("WWW-Authenticate", (basic ? "Basic" : "Bearer") + " realm=\"token\", error=\""
                        + e.error().code() + "\"");
            }
            LOG.debug("Token request refused: {}", e.getMessage());
            JsonResponses.writeError(response, e.error());
        }
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setHeader("Allow", "POST");
        JsonResponses.writeError(response, new OAuthError("invalid_request", "Use POST", 405));
    }
}
