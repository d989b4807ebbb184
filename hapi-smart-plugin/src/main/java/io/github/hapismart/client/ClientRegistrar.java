package io.github.hapismart.client;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyType;
import com.nimbusds.oauth2.sdk.GrantType;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.auth.ClientAuthenticationMethod;
import com.nimbusds.oauth2.sdk.client.ClientMetadata;
import com.nimbusds.oauth2.sdk.client.RegistrationError;
import io.github.hapismart.store.TokenHashing;
import io.github.hapismart.web.OAuthError;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import net.minidev.json.JSONObject;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * Validates RFC 7591 client metadata and turns it into a {@link RegisteredClient} with a fresh id (and secret for
 * symmetric clients). Every fault is an {@code invalid_redirect_uri} or {@code invalid_client_metadata} error
 * saying which field is wrong.
 *
 * <p>The JSON is read by oauth2-oidc-sdk's {@link ClientMetadata#parse} (field types, URIs, the JWK Set, redirect
 * URIs with a fragment or a prohibited scheme), whose {@link ParseException} carries the RFC 7591 error object that is
 * answered as it is. What this server supports is decided here, on the typed metadata, because nimbus accepts any
 * grant type and authentication method as an extension value, relative redirect URIs, and symmetric keys in
 * {@code jwks}.
 */
public final class ClientRegistrar {

    private static final Set<String> KNOWN_GRANTS = Set.of(RegisteredClient.AUTHORIZATION_CODE,
            RegisteredClient.REFRESH_TOKEN, RegisteredClient.CLIENT_CREDENTIALS);
    private static final Set<String> FORBIDDEN_SCHEMES = Set.of("javascript", "data", "file", "vbscript", "about");

    private final ClientRepository clients;
    private final PasswordEncoder passwordEncoder;
    private final TokenHashing tokens;
    private final Clock clock;
    private final String defaultScope;

    public ClientRegistrar(ClientRepository clients, PasswordEncoder passwordEncoder, TokenHashing tokens,
                           Clock clock, String defaultScope) {
        this.clients = clients;
        this.passwordEncoder = passwordEncoder;
        this.tokens = tokens;
        this.clock = clock;
        this.defaultScope = defaultScope;
    }

    /** A client that was just registered, with its secret in clear (shown once, never stored). */
    public record Registration(RegisteredClient client, Optional<String> clientSecret) {
    }

    /** Validates the metadata, stores the client and returns it with its one-time secret. */
    public Registration register(Map<String, Object> json) {
        checkRedirectUrisShape(json);
        ClientMetadata metadata = parse(json);
        ClientAuthMethod method = authMethod(metadata);
        Set<String> grants = grantTypes(metadata);
        checkResponseTypes(metadata);
        if (grants.contains(RegisteredClient.CLIENT_CREDENTIALS) && method != ClientAuthMethod.PRIVATE_KEY_JWT) {
            throw metadataError("client_credentials requires token_endpoint_auth_method private_key_jwt");
        }
        List<URI> redirects = redirectUris(metadata, grants);
        Optional<String> jwks = jwks(metadata);
        Optional<URI> jwksUri = Optional.ofNullable(metadata.getJWKSetURI()).map(ClientRegistrar::checkJwksUri);
        if (jwks.isPresent() && jwksUri.isPresent()) {
            throw metadataError("jwks and jwks_uri must not both be present");
        }
        if (method == ClientAuthMethod.PRIVATE_KEY_JWT && jwks.isEmpty() && jwksUri.isEmpty()) {
            throw metadataError("private_key_jwt requires jwks or jwks_uri");
        }
        String scope = Optional.ofNullable(metadata.getScope()).map(Scope::toString).map(String::strip)
                .filter(s -> !s.isEmpty()).orElse(defaultScope);
        Optional<String> secret = method.usesSecret() ? Optional.of(tokens.newToken()) : Optional.empty();
        RegisteredClient client = new RegisteredClient(
                tokens.newId(),
                Optional.ofNullable(metadata.getName()).orElse("Unnamed client"),
                method,
                secret.map(passwordEncoder::encode),
                redirects,
                grants,
                scope,
                jwks,
                jwksUri,
                optionalUri(metadata.getCustomFields(), "initiate_login_uri")
                        .map(uri -> absoluteWebUri(uri, "initiate_login_uri")),
                clock.instant());
        clients.save(client);
        return new Registration(client, secret);
    }

    /** The metadata as nimbus models it; its parse failures answer with the RFC 7591 error they carry. */
    private static ClientMetadata parse(Map<String, Object> json) {
        try {
            return ClientMetadata.parse(new JSONObject(json));
        } catch (ParseException e) {
            String code = e.getErrorObject() == null || e.getErrorObject().getCode() == null
                    ? RegistrationError.INVALID_CLIENT_METADATA.getCode() : e.getErrorObject().getCode();
            throw new OAuthError(code, e.getMessage(), 400).exception();
        }
    }

    /** A redirect_uris that is not an array of strings is a redirect URI fault, as RFC 7591 section 3.2.2 has it. */
    private static void checkRedirectUrisShape(Map<String, Object> json) {
        Object value = json.get("redirect_uris");
        if (value != null && !(value instanceof List<?> list && list.stream().allMatch(String.class::isInstance))) {
            throw OAuthError.invalidRedirectUri("redirect_uris must be an array of strings").exception();
        }
    }

    private static ClientAuthMethod authMethod(ClientMetadata metadata) {
        String value = Optional.ofNullable(metadata.getTokenEndpointAuthMethod())
                .map(ClientAuthenticationMethod::getValue).orElse(ClientAuthMethod.CLIENT_SECRET_BASIC.value());
        return ClientAuthMethod.fromValue(value).orElseThrow(() -> metadataError(
                "token_endpoint_auth_method '" + value + "' is not supported "
                        + "(none, client_secret_basic, client_secret_post, private_key_jwt)"));
    }

    private static Set<String> grantTypes(ClientMetadata metadata) {
        List<String> values = metadata.getGrantTypes() == null
                ? List.of(RegisteredClient.AUTHORIZATION_CODE)
                : metadata.getGrantTypes().stream().map(GrantType::getValue).toList();
        if (values.isEmpty()) {
            throw metadataError("grant_types must not be empty");
        }
        for (String grant : values) {
            if (!KNOWN_GRANTS.contains(grant)) {
                throw metadataError("grant_type '" + grant + "' is not supported");
            }
        }
        return new LinkedHashSet<>(values);
    }

    private static void checkResponseTypes(ClientMetadata metadata) {
        Set<ResponseType> types = metadata.getResponseTypes();
        if (types != null && !types.stream().allMatch(ResponseType.CODE::equals)) {
            throw metadataError("only the response_type 'code' is supported");
        }
    }

    private static List<URI> redirectUris(ClientMetadata metadata, Set<String> grants) {
        List<String> values = metadata.getRedirectionURIs() == null ? List.of()
                : metadata.getRedirectionURIs().stream().map(URI::toString).toList();
        if (values.isEmpty() && grants.contains(RegisteredClient.AUTHORIZATION_CODE)) {
            throw OAuthError.invalidRedirectUri("redirect_uris is required for the authorization_code grant")
                    .exception();
        }
        return values.stream().map(ClientRegistrar::redirectUri).toList();
    }

    private static URI redirectUri(String value) {
        try {
            URI uri = new URI(value);
            if (!uri.isAbsolute() || uri.getScheme() == null) {
                throw OAuthError.invalidRedirectUri("redirect_uri '" + value + "' is not an absolute URI").exception();
            }
            if (uri.getRawFragment() != null) {
                throw OAuthError.invalidRedirectUri("redirect_uri '" + value + "' must not have a fragment")
                        .exception();
            }
            if (FORBIDDEN_SCHEMES.contains(uri.getScheme().toLowerCase())) {
                throw OAuthError.invalidRedirectUri("redirect_uri scheme '" + uri.getScheme() + "' is not allowed")
                        .exception();
            }
            if (uri.getScheme().toLowerCase().startsWith("http") && (uri.getHost() == null || uri.getHost().isEmpty())) {
                throw OAuthError.invalidRedirectUri("redirect_uri '" + value + "' has no host").exception();
            }
            return uri;
        } catch (URISyntaxException e) {
            throw OAuthError.invalidRedirectUri("redirect_uri '" + value + "' is not a valid URI").exception();
        }
    }

    private static Optional<String> jwks(ClientMetadata metadata) {
        JWKSet set = metadata.getJWKSet();
        if (set == null) {
            return Optional.empty();
        }
        if (set.getKeys().isEmpty()) {
            throw metadataError("jwks has no keys");
        }
        for (JWK key : set.getKeys()) {
            if (key.isPrivate()) {
                throw metadataError("jwks must hold public keys only");
            }
            if (!KeyType.RSA.equals(key.getKeyType()) && !KeyType.EC.equals(key.getKeyType())) {
                throw metadataError("jwks keys must be RSA or EC");
            }
        }
        return Optional.of(set.toString(true));
    }

    private static URI checkJwksUri(URI uri) {
        URI checked = absoluteWebUri(uri, "jwks_uri");
        boolean loopback = "localhost".equals(checked.getHost()) || "127.0.0.1".equals(checked.getHost())
                || "[::1]".equals(checked.getHost());
        if (!"https".equals(checked.getScheme()) && !loopback) {
            throw metadataError("jwks_uri must use https");
        }
        return checked;
    }

    private static URI absoluteWebUri(URI uri, String field) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase();
        if (!uri.isAbsolute() || !(scheme.equals("https") || scheme.equals("http")) || uri.getHost() == null) {
            throw metadataError(field + " must be an absolute http(s) URL");
        }
        return uri;
    }

    private static Optional<URI> optionalUri(Map<String, Object> metadata, String field) {
        return string(metadata, field).map(value -> {
            try {
                return new URI(value);
            } catch (URISyntaxException e) {
                throw metadataError(field + " is not a valid URI");
            }
        });
    }

    private static Optional<String> string(Map<String, Object> metadata, String field) {
        Object value = metadata.get(field);
        if (value == null) {
            return Optional.empty();
        }
        if (!(value instanceof String s)) {
            throw metadataError(field + " must be a string");
        }
        return Optional.of(s);
    }

    private static RuntimeException metadataError(String description) {
        return OAuthError.invalidClientMetadata(description).exception();
    }
}
