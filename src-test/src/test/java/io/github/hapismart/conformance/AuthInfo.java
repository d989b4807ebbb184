package io.github.hapismart.conformance;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;

/**
 * What Inferno keeps in its {@code smart_auth_info} input/output between the tests of one group: the client as the
 * tester registered it, the endpoints found by discovery, and the tokens received so far. Mutable on purpose: each
 * step reads what the previous steps left, as Inferno's outputs feed the next test's inputs.
 */
final class AuthInfo {

    /** Inferno's client authentication types. */
    enum Type { PUBLIC, SYMMETRIC, ASYMMETRIC, BACKEND_SERVICES }

    final Type type;
    String clientName;
    String clientId;
    String clientSecret;
    String requestedScopes;
    /** The client's signing key (asymmetric and backend services), published at its jwks_uri. */
    JWK key;
    JWSAlgorithm algorithm;
    String redirectUri;
    String launchUri;

    String authUrl;
    String tokenUrl;

    String accessToken;
    String refreshToken;
    Long expiresIn;

    AuthInfo(Type type) {
        this.type = type;
    }

    boolean isPublic() {
        return type == Type.PUBLIC;
    }

    boolean isSymmetric() {
        return type == Type.SYMMETRIC;
    }

    boolean isAsymmetric() {
        return type == Type.ASYMMETRIC || type == Type.BACKEND_SERVICES;
    }
}
