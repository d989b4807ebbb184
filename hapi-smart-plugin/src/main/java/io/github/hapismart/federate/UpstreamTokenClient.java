package io.github.hapismart.federate;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.factories.DefaultJWSSignerFactory;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyType;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.TokenErrorResponse;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.ClientSecretPost;
import com.nimbusds.oauth2.sdk.auth.JWTAuthenticationClaimsSet;
import com.nimbusds.oauth2.sdk.auth.PrivateKeyJWT;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.Audience;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.JWTID;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;

/**
 * Redeems an upstream authorization code at the provider's token endpoint (with the PKCE verifier, authenticated
 * by client secret or {@code private_key_jwt}) and returns its id_token. The call has a timeout; the answer is
 * read up to a size limit. Nimbus builds the request and parses the answer; the JDK's HTTP client carries it.
 */
final class UpstreamTokenClient {

    private static final int MAX_BYTES = 256 * 1024;

    /** Why no id_token came back: {@code unavailable} when the provider failed or did not answer in time. */
    static final class Failed extends Exception {
        private final boolean unavailable;

        Failed(String message, boolean unavailable) {
            super(message, null, false, false);
            this.unavailable = unavailable;
        }

        boolean unavailable() {
            return unavailable;
        }
    }

    private final HttpClient http;
    private final Duration timeout;
    private final Clock clock;

    UpstreamTokenClient(HttpClient http, Duration timeout, Clock clock) {
        this.http = http;
        this.timeout = timeout;
        this.clock = clock;
    }

    JWT redeem(UpstreamProvider provider, URI tokenEndpoint, String code, URI redirectUri, String codeVerifier,
               String assertionId) throws Failed {
        TokenRequest request = new TokenRequest(tokenEndpoint, authentication(provider, tokenEndpoint, assertionId),
                new AuthorizationCodeGrant(new AuthorizationCode(code), redirectUri, new CodeVerifier(codeVerifier)));
        HTTPResponse answer = send(request.toHTTPRequest());
        TokenResponse response;
        try {
            response = OIDCTokenResponseParser.parse(answer);
        } catch (ParseException e) {
            throw new Failed("its token endpoint answered something that is not a token response (HTTP "
                    + answer.getStatusCode() + ")", answer.getStatusCode() >= 500);
        }
        if (!response.indicatesSuccess()) {
            ErrorObject error = ((TokenErrorResponse) response).getErrorObject();
            throw new Failed("its token endpoint refused the code (" + error.getCode()
                    + (error.getDescription() == null ? "" : ": " + error.getDescription()) + ")",
                    error.getHTTPStatusCode() >= 500);
        }
        if (!(response instanceof OIDCTokenResponse oidc) || oidc.getOIDCTokens().getIDToken() == null) {
            throw new Failed("its token endpoint returned no id_token", false);
        }
        return oidc.getOIDCTokens().getIDToken();
    }

    private ClientAuthentication authentication(UpstreamProvider provider, URI tokenEndpoint, String assertionId)
            throws Failed {
        ClientID clientId = new ClientID(provider.clientId());
        if (provider.credentials() instanceof UpstreamProvider.ClientSecret secret) {
            return secret.inForm() ? new ClientSecretPost(clientId, new Secret(secret.secret()))
                    : new ClientSecretBasic(clientId, new Secret(secret.secret()));
        }
        UpstreamProvider.PrivateKeyJwt key = (UpstreamProvider.PrivateKeyJwt) provider.credentials();
        return new PrivateKeyJWT(assertion(clientId, tokenEndpoint, key.key(), assertionId));
    }

    /** The RFC 7523 client assertion, valid for 60 s, with the key's kid and certificate thumbprints. */
    private SignedJWT assertion(ClientID clientId, URI tokenEndpoint, JWK key, String assertionId) throws Failed {
        Instant now = clock.instant();
        JWTAuthenticationClaimsSet claims = new JWTAuthenticationClaimsSet(clientId,
                List.of(new Audience(tokenEndpoint)), Date.from(now.plusSeconds(60)), Date.from(now),
                Date.from(now), new JWTID(assertionId));
        JWSAlgorithm alg = key.getAlgorithm() instanceof JWSAlgorithm given ? given
                : KeyType.EC.equals(key.getKeyType()) ? JWSAlgorithm.ES256 : JWSAlgorithm.RS256;
        JWSHeader header = new JWSHeader.Builder(alg).keyID(key.getKeyID())
                .x509CertThumbprint(key.getX509CertThumbprint())
                .x509CertSHA256Thumbprint(key.getX509CertSHA256Thumbprint()).build();
        try {
            SignedJWT jwt = new SignedJWT(header, claims.toJWTClaimsSet());
            JWSSigner signer = new DefaultJWSSignerFactory().createJWSSigner(key, alg);
            jwt.sign(signer);
            return jwt;
        } catch (JOSEException e) {
            throw new Failed("this server's private key cannot sign a client assertion (" + e.getMessage() + ")",
                    false);
        }
    }

    private HTTPResponse send(HTTPRequest request) throws Failed {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(request.getURL().toString())).timeout(timeout)
                .POST(HttpRequest.BodyPublishers.ofString(request.getBody() == null ? "" : request.getBody()));
        for (Map.Entry<String, List<String>> header : request.getHeaderMap().entrySet()) {
            for (String value : header.getValue()) {
                builder.header(header.getKey(), value);
            }
        }
        builder.header("Accept", "application/json");
        try {
            HttpResponse<InputStream> response = http.send(builder.build(), HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                byte[] bytes = body.readNBytes(MAX_BYTES + 1);
                if (bytes.length > MAX_BYTES) {
                    throw new Failed("its token endpoint answered too much", true);
                }
                HTTPResponse answer = new HTTPResponse(response.statusCode());
                response.headers().firstValue("Content-Type").ifPresent(type -> answer.setHeader("Content-Type", type));
                answer.setBody(new String(bytes, StandardCharsets.UTF_8));
                return answer;
            }
        } catch (HttpTimeoutException e) {
            throw new Failed("its token endpoint did not answer within " + timeout.toSeconds() + " s", true);
        } catch (IOException e) {
            throw new Failed("its token endpoint could not be reached", true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Failed("the call to its token endpoint was interrupted", true);
        }
    }
}
