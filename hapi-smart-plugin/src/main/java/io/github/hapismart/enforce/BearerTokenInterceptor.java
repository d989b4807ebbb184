package io.github.hapismart.enforce;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.AuthenticationException;
import io.github.hapismart.scope.AccessGrant;
import io.github.hapismart.token.AccessTokenService;
import java.util.Optional;

/**
 * Authenticates every FHIR request except {@code /metadata}: verifies the bearer access token once (through its
 * {@link BearerTokenResolver}) and attaches its immutable {@link AccessGrant} to the request for the authorization
 * interceptors. A missing token answers 401 with {@code WWW-Authenticate: Bearer}; an invalid, expired or revoked one
 * adds {@code error="invalid_token"} and an {@code error_description} saying which check failed (expired, revoked,
 * wrong audience, bad signature, ...) where the resolver can tell. Runs first
 * ({@link HookOrder#AUTHENTICATE}): every later hook reads the grant it attaches.
 */
@Interceptor
public final class BearerTokenInterceptor {

    private final BearerTokenResolver tokens;
    private final String realm;

    /** Accepts the plugin's own access tokens. */
    public BearerTokenInterceptor(AccessTokenService tokens, String realm) {
        this(new BearerTokenResolver() {
            @Override
            public Optional<AccessGrant> resolve(String token) {
                return tokens.verify(token);
            }

            @Override
            public Resolution check(String token) {
                AccessTokenService.Check check = tokens.check(token);
                return new Resolution(check.grant(), check.problem());
            }
        }, realm);
    }

    /** Accepts the tokens {@code tokens} resolves (resource-server mode: an external server's). */
    public BearerTokenInterceptor(BearerTokenResolver tokens, String realm) {
        this.tokens = tokens;
        this.realm = realm;
    }

    @Hook(value = Pointcut.SERVER_INCOMING_REQUEST_POST_PROCESSED, order = HookOrder.AUTHENTICATE)
    public boolean authenticate(RequestDetails request) {
        if (request.getRestOperationType() == RestOperationTypeEnum.METADATA) {
            return true;
        }
        String header = request.getHeader("Authorization");
        if (header == null || header.isBlank()) {
            throw unauthorized("Bearer realm=\"" + realm + "\"", "An access token is required");
        }
        if (!header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw unauthorized("Bearer realm=\"" + realm + "\", error=\"invalid_request\"",
                    "The Authorization header must carry a Bearer token");
        }
        BearerTokenResolver.Resolution check = tokens.check(header.substring(7).strip());
        Optional<AccessGrant> grant = check.grant();
        if (grant.isEmpty()) {
            // The problem names the failed check (expired, revoked, audience, signature), never a key or a claim value.
            throw unauthorized("Bearer realm=\"" + realm + "\", error=\"invalid_token\", "
                    + "error_description=\"" + check.problem().replace("\"", "'") + "\"", check.problem());
        }
        request.getUserData().put(AccessGrant.REQUEST_ATTRIBUTE, grant.get());
        return true;
    }

    private static AuthenticationException unauthorized(String challenge, String message) {
        AuthenticationException exception = new AuthenticationException(message);
        exception.addResponseHeader("WWW-Authenticate", challenge);
        return exception;
    }
}
