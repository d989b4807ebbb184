package io.github.hapismart.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.github.hapismart.config.SmartSettings;
import io.github.hapismart.keys.SigningKeys;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;

/**
 * OpenID Connect id_tokens: RS256 with the active RSA key (its {@code kid} in the header), {@code iss} = the FHIR
 * base, {@code aud} = the client, {@code sub} = the user name, {@code nonce} when the request had one, and
 * {@code fhirUser} as an absolute URL when the {@code fhirUser} scope was granted.
 */
public final class IdTokenIssuer {

    private final SmartSettings settings;
    private final SigningKeys keys;
    private final Clock clock;

    public IdTokenIssuer(SmartSettings settings, SigningKeys keys, Clock clock) {
        this.settings = settings;
        this.keys = keys;
        this.clock = clock;
    }

    /** A signed id_token for the grant, at the token exchange of its authorization code. */
    public String issue(UserGrant grant) {
        return sign(grant, true);
    }

    /**
     * A fresh id_token for a refresh of the grant (OpenID Connect Core 1.0 section 12.2): the same {@code iss},
     * {@code sub}, {@code aud} and {@code auth_time}, a new {@code iat}, and no {@code nonce}, which belongs to the
     * authentication request only.
     */
    public String issueOnRefresh(UserGrant grant) {
        return sign(grant, false);
    }

    private String sign(UserGrant grant, boolean withNonce) {
        Instant now = clock.instant();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issuer(settings.fhirBaseUrl())
                .subject(grant.username())
                .audience(grant.clientId())
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(settings.accessTokenLifetime())))
                .claim("auth_time", grant.authTime().getEpochSecond());
        if (withNonce) {
            grant.nonce().ifPresent(nonce -> claims.claim("nonce", nonce));
        }
        if (grant.scopes().contains("fhirUser")) {
            grant.fhirUser().ifPresent(user -> claims.claim("fhirUser", FhirUserUrl.of(settings, user)));
        }
        if (grant.scopes().contains("profile")) {
            grant.displayName().ifPresent(name -> claims.claim("name", name));
        }
        JWK key = keys.rsaSigningKey();
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID())
                    .type(JOSEObjectType.JWT).build(), claims.build());
            jwt.sign(new RSASSASigner(key.toRSAKey()));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException("Could not sign an id_token", e);
        }
    }
}
