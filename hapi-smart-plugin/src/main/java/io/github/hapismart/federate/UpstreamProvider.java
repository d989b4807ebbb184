package io.github.hapismart.federate;

import com.nimbusds.jose.jwk.JWK;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One upstream OpenID Connect provider users may sign in with. Its endpoints come from its discovery document
 * ({@code <issuer>/.well-known/openid-configuration}).
 *
 * @param id              a short name used in URLs and the local account names ({@code [A-Za-z0-9_-]}, at most 32)
 * @param displayName     shown as "Sign in with {@code displayName}"
 * @param issuer          the provider's issuer URL, exactly as its id_tokens carry it
 * @param clientId        the client id this server has at the provider
 * @param credentials     how this server authenticates at the provider's token endpoint
 * @param scopes          the scopes asked for ({@code openid} is always added)
 * @param fhirUserMapping how a signed-in user becomes a {@code fhirUser}
 * @param prompt          the OpenID {@code prompt} sent, e.g. {@code login} to make the provider ask for the password
 *                        again even when it has a session; empty sends none
 */
public record UpstreamProvider(String id, String displayName, URI issuer, String clientId,
                               ClientCredentials credentials, List<String> scopes, FhirUserMapping fhirUserMapping,
                               Optional<String> prompt) {

    public UpstreamProvider {
        if (id == null || !id.matches("[A-Za-z0-9_-]{1,32}")) {
            throw new IllegalArgumentException("identity provider id must be 1-32 of A-Z a-z 0-9 _ -: " + id);
        }
        Objects.requireNonNull(displayName, "displayName");
        Objects.requireNonNull(issuer, "issuer");
        if (!"https".equals(issuer.getScheme()) && !("http".equals(issuer.getScheme()) && isLoopback(issuer))) {
            throw new IllegalArgumentException("identity provider " + id + ": issuer must be https (http only on"
                    + " loopback): " + issuer);
        }
        if (clientId == null || clientId.isBlank()) {
            throw new IllegalArgumentException("identity provider " + id + ": client id is required");
        }
        Objects.requireNonNull(credentials, "credentials");
        List<String> all = new ArrayList<>(List.of("openid"));
        scopes.stream().filter(s -> !s.isBlank() && !all.contains(s)).forEach(all::add);
        scopes = List.copyOf(all);
        Objects.requireNonNull(fhirUserMapping, "fhirUserMapping");
        prompt = Objects.requireNonNull(prompt).filter(p -> !p.isBlank());
        prompt.ifPresent(UpstreamProvider::parsePrompt);
    }

    /** The OpenID {@code prompt} value, checked. */
    static com.nimbusds.openid.connect.sdk.Prompt parsePrompt(String value) {
        try {
            return com.nimbusds.openid.connect.sdk.Prompt.parse(value);
        } catch (com.nimbusds.oauth2.sdk.ParseException e) {
            throw new IllegalArgumentException("prompt must be none, login, consent or select_account: " + value);
        }
    }

    /** The issuer as its id_tokens carry it (no trailing slash added or removed). */
    public String issuerValue() {
        return issuer.toString();
    }

    private static boolean isLoopback(URI uri) {
        String host = uri.getHost();
        return "localhost".equals(host) || "127.0.0.1".equals(host) || "[::1]".equals(host);
    }

    /** How this server authenticates at the provider's token endpoint. */
    public sealed interface ClientCredentials {
    }

    /** A client secret, sent as HTTP Basic ({@code client_secret_basic}) or in the form ({@code client_secret_post}). */
    public record ClientSecret(String secret, boolean inForm) implements ClientCredentials {
        public ClientSecret {
            if (secret == null || secret.isEmpty()) {
                throw new IllegalArgumentException("client secret is empty");
            }
        }

        @Override
        public String toString() {
            return "ClientSecret[****, inForm=" + inForm + "]";
        }
    }

    /**
     * A private key ({@code private_key_jwt}, RFC 7523): an RSA or EC private JWK. Its {@code kid}, and its
     * {@code x5t}/{@code x5t#S256} when present (Entra ID identifies a certificate by them), go into the assertion's
     * header.
     */
    public record PrivateKeyJwt(JWK key) implements ClientCredentials {
        public PrivateKeyJwt {
            if (key == null || !key.isPrivate()) {
                throw new IllegalArgumentException("private_key_jwt needs a private JWK");
            }
        }

        @Override
        public String toString() {
            return "PrivateKeyJwt[kid=" + key.getKeyID() + "]";
        }
    }
}
