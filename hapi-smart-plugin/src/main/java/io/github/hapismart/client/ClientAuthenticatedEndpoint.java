package io.github.hapismart.client;

import io.github.hapismart.web.AuthChallenge;
import io.github.hapismart.web.OAuthEndpoint;
import io.github.hapismart.web.OAuthException;
import io.github.hapismart.web.OAuthForm;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * The prologue shared by the OAuth form endpoints where a client authenticates (token, introspection, revocation,
 * the launch API): the form is read by {@link OAuthForm}'s rules, the client authenticated by exactly one method
 * ({@link ClientAuthenticator}), and a failure answered by {@link OAuthEndpoint} with the
 * {@link AuthChallenge#client client-authentication challenge} (and recorded in the audit trail:
 * {@link ClientAuthenticator#failed}). A subclass supplies only its own step,
 * {@link #handle}, which runs for an authenticated client only.
 */
public abstract class ClientAuthenticatedEndpoint extends OAuthEndpoint {

    private final ClientAuthenticator authenticator;
    private final OAuthForm.Source source;

    /**
     * @param realm the realm named in {@code WWW-Authenticate}
     * @param source where the endpoint accepts parameters
     */
    protected ClientAuthenticatedEndpoint(String realm, ClientAuthenticator authenticator, OAuthForm.Source source) {
        super(AuthChallenge.client(realm));
        this.authenticator = authenticator;
        this.source = source;
    }

    @Override
    protected final void post(HttpServletRequest request, HttpServletResponse response) throws IOException {
        OAuthForm form = OAuthForm.read(request, source);
        checkBeforeAuthentication(form);
        RegisteredClient client;
        try {
            client = authenticator.authenticate(request.getHeader("Authorization"), form.values());
        } catch (OAuthException e) {
            authenticator.failed(request.getHeader("Authorization"), form.values(),
                    request.getMethod() + " " + request.getRequestURI(), request.getRemoteAddr(), e.error());
            throw e;
        }
        handle(client, form, request, response);
    }

    /**
     * As {@link #handle(RegisteredClient, OAuthForm, HttpServletResponse)}, for a step that needs the request too
     * (its caller's address, for the audit trail); calls that method by default.
     */
    protected void handle(RegisteredClient client, OAuthForm form, HttpServletRequest request,
                          HttpServletResponse response) throws IOException {
        handle(client, form, response);
    }

    /**
     * Checks that need no client, made before authentication so that a malformed request is answered as such
     * (the token endpoint's {@code grant_type}). Does nothing by default.
     */
    protected void checkBeforeAuthentication(OAuthForm form) {
    }

    /** The endpoint's own step, for an authenticated {@code client}; throws an {@code OAuthException} to refuse. */
    protected abstract void handle(RegisteredClient client, OAuthForm form, HttpServletResponse response)
            throws IOException;
}
