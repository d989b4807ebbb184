package io.github.hapismart.resource;

import com.nimbusds.jwt.JWTClaimsSet;
import io.github.hapismart.scope.AccessGrant;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Turns a bearer token of the external authorization server into the request's {@link AccessGrant}: a token shaped
 * as a JWS (three dot-separated parts) is verified locally ({@link JwtAccessTokenVerifier}), any other is introspected
 * ({@link TokenIntrospector}) when introspection is configured; both are then read by the one {@link ClaimMapping}.
 * Empty means the token is not accepted (the FHIR API answers 401); a grant without resource scopes reaches
 * nothing (403). A JWT bound to a key ({@code cnf}) is refused, since this server does not check DPoP or mTLS.
 */
public final class ExternalTokenResolver {

    private static final int MAX_TOKEN_LENGTH = 16_384;

    private final JwtAccessTokenVerifier jwts;
    private final Optional<TokenIntrospector> introspector;
    private final ClaimMapping claims;
    private final String fhirBaseUrl;
    private final Clock clock;

    public ExternalTokenResolver(JwtAccessTokenVerifier jwts, Optional<TokenIntrospector> introspector,
                                 ClaimMapping claims, String fhirBaseUrl, Clock clock) {
        this.jwts = jwts;
        this.introspector = introspector;
        this.claims = claims;
        this.fhirBaseUrl = fhirBaseUrl;
        this.clock = clock;
    }

    /** The grant of an acceptable token; empty for anything else. */
    public Optional<AccessGrant> resolve(String token) {
        if (token == null || token.isEmpty() || token.length() > MAX_TOKEN_LENGTH) {
            return Optional.empty();
        }
        if (isJws(token)) {
            return jwts.verify(token).filter(jwt -> jwt.getClaim("cnf") == null).map(jwt -> grant(jwt, token));
        }
        return introspector.flatMap(i -> i.introspect(token)).map(answer -> grant(answer, token));
    }

    private AccessGrant grant(JWTClaimsSet jwt, String token) {
        String id = jwt.getJWTID() != null ? jwt.getJWTID() : TokenIntrospector.sha256(token);
        return claims.toGrant(jwt.getClaims(), fhirBaseUrl, id, jwt.getExpirationTime().toInstant());
    }

    private AccessGrant grant(Map<String, Object> answer, String token) {
        String id = answer.get("jti") instanceof String jti ? jti : TokenIntrospector.sha256(token);
        Instant expires = TokenIntrospector.expiry(answer).orElseGet(() -> clock.instant().plusSeconds(60));
        return claims.toGrant(answer, fhirBaseUrl, id, expires);
    }

    private static boolean isJws(String token) {
        int first = token.indexOf('.');
        int second = token.indexOf('.', first + 1);
        return first > 0 && second > first && token.indexOf('.', second + 1) < 0;
    }
}
