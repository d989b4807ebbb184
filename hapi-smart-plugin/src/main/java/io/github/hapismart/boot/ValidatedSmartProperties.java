package io.github.hapismart.boot;

import com.nimbusds.jose.jwk.JWKSet;
import io.github.hapismart.client.ClientAuthMethod;
import io.github.hapismart.client.RegisteredClient;
import io.github.hapismart.config.RegistrationMode;
import io.github.hapismart.config.SmartSettings;
import io.github.hapismart.config.UserAccessBrand;
import io.github.hapismart.provision.ClientDeclaration;
import io.github.hapismart.provision.FhirUserResolver;
import io.github.hapismart.provision.IdentifierSearch;
import io.github.hapismart.provision.SecretSource;
import io.github.hapismart.provision.UserDeclaration;
import java.net.URI;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The {@code smart.*} properties checked and turned into the plugin's own types: the settings and the declared
 * clients and users. Every check throws an {@link InvalidSmartPropertyException} naming the property, so that a
 * wrong value stops the start with one clear line.
 *
 * @param settings the plugin's settings
 * @param clients  the clients to provision
 * @param users    the users to provision
 */
public record ValidatedSmartProperties(SmartSettings settings, List<ClientDeclaration> clients,
                                       List<UserDeclaration> users) {

    private static final Set<String> GRANT_TYPES = Set.of(RegisteredClient.AUTHORIZATION_CODE,
            RegisteredClient.REFRESH_TOKEN, RegisteredClient.CLIENT_CREDENTIALS);

    public ValidatedSmartProperties {
        clients = List.copyOf(clients);
        users = List.copyOf(users);
    }

    /** Checks {@code properties} and converts them; throws on the first wrong property. */
    public static ValidatedSmartProperties of(SmartProperties properties) {
        String fhirBase = absoluteUrl("smart.fhir-base-url", properties.fhirBaseUrl());
        if (fhirBase == null) {
            throw new InvalidSmartPropertyException("smart.fhir-base-url",
                    "is required: the FHIR base URL as clients see it, e.g. https://ehr.example.org/fhir");
        }
        SmartSettings.Builder builder = SmartSettings.builder(fhirBase);
        String authBase = absoluteUrl("smart.auth-base-url", properties.authBaseUrl());
        if (authBase != null) {
            builder.authBaseUrl(authBase);
        }
        Set<String> tokens = new LinkedHashSet<>(items(properties.initialAccessTokens()));
        if (properties.registrationMode() == RegistrationMode.INITIAL_ACCESS_TOKEN && tokens.isEmpty()) {
            throw new InvalidSmartPropertyException("smart.initial-access-tokens",
                    "must name at least one token when smart.registration-mode is INITIAL_ACCESS_TOKEN");
        }
        builder.registrationMode(properties.registrationMode()).initialAccessTokens(tokens)
                .corsAllowedOrigins(items(properties.corsAllowedOrigins())).corsMode(properties.corsMode())
                .accessTokenLifetime(positive("smart.access-token-lifetime", properties.accessTokenLifetime()))
                .systemAccessTokenLifetime(positive("smart.system-access-token-lifetime",
                        properties.systemAccessTokenLifetime()))
                .authorizationCodeLifetime(positive("smart.authorization-code-lifetime",
                        properties.authorizationCodeLifetime()))
                .refreshTokenLifetime(positive("smart.refresh-token-lifetime", properties.refreshTokenLifetime()))
                .launchContextLifetime(positive("smart.launch-context-lifetime", properties.launchContextLifetime()))
                .revocationCheckInterval(positive("smart.revocation-check-interval",
                        properties.revocationCheckInterval()))
                .loginSessionLifetime(positive("smart.login-session-lifetime", properties.loginSessionLifetime()))
                .rotateRefreshTokens(properties.rotateRefreshTokens())
                .keyEncryptionKeyFile(properties.keyEncryptionKeyFile())
                .accessTokenSigning(properties.accessTokenSigning())
                .clientJwksLifetime(positive("smart.client-jwks-lifetime", properties.clientJwksLifetime()))
                .clientJwksRefetchInterval(positive("smart.client-jwks-refetch-interval",
                        properties.clientJwksRefetchInterval()));
        if (properties.defaultClientScope() != null && !properties.defaultClientScope().isBlank()) {
            builder.defaultClientScope(properties.defaultClientScope().strip());
        }
        String defaultScope = builder.build().defaultClientScope();
        List<ClientDeclaration> clients = new ArrayList<>();
        properties.provisioning().clients().forEach((key, client) -> clients.add(client(key, client, defaultScope)));
        Set<String> launchApiClients = new LinkedHashSet<>(items(properties.launchApiClients()));
        clients.stream().filter(ClientDeclaration::launchApi).map(ClientDeclaration::clientId)
                .forEach(launchApiClients::add);
        builder.launchApiClients(launchApiClients);
        List<UserDeclaration> users = new ArrayList<>();
        properties.provisioning().users().forEach((key, user) -> users.add(user(key, user)));
        builder.userAccessBrand(brand(properties.userAccessBrand()));
        try {
            builder.appState(new io.github.hapismart.config.AppStateSettings(properties.appState().enabled(),
                    (int) Math.min(Integer.MAX_VALUE, properties.appState().maxSize().toBytes())));
        } catch (IllegalArgumentException e) {
            throw new InvalidSmartPropertyException("smart.app-state.max-size", e.getMessage());
        }
        return new ValidatedSmartProperties(builder.build(), clients, users);
    }

    private static ClientDeclaration client(String key, SmartProperties.Client client, String defaultScope) {
        String prefix = "smart.provisioning.clients." + key + ".";
        String id = client.clientId() == null || client.clientId().isBlank() ? key : client.clientId().strip();
        ClientAuthMethod method = client.authMethod() == null ? ClientAuthMethod.NONE
                : ClientAuthMethod.fromValue(client.authMethod().strip()).orElseThrow(() ->
                        new InvalidSmartPropertyException(prefix + "auth-method", "unknown value '"
                                + client.authMethod() + "'; one of " + Arrays.stream(ClientAuthMethod.values())
                                .map(ClientAuthMethod::value).collect(Collectors.joining(", "))));
        Optional<SecretSource> secret = secret(prefix + "secret", client.secretEnv(), client.secretFile(),
                client.secretHash());
        if (method.usesSecret() && secret.isEmpty()) {
            throw new InvalidSmartPropertyException(prefix + "secret-env",
                    method.value() + " needs one of secret-env, secret-file or secret-hash");
        }
        if (!method.usesSecret() && secret.isPresent()) {
            throw new InvalidSmartPropertyException(prefix + "auth-method",
                    "is " + method.value() + ", which takes no secret; set client_secret_basic or remove the secret");
        }
        Optional<String> jwks = Optional.ofNullable(client.jwks()).filter(s -> !s.isBlank()).map(String::strip);
        jwks.ifPresent(json -> {
            try {
                JWKSet.parse(json);
            } catch (ParseException e) {
                throw new InvalidSmartPropertyException(prefix + "jwks", "is not a JWK Set: " + e.getMessage());
            }
        });
        Optional<URI> jwksUri = Optional.ofNullable(absoluteUrl(prefix + "jwks-uri", client.jwksUri())).map(URI::create);
        if (method == ClientAuthMethod.PRIVATE_KEY_JWT && jwks.isPresent() == jwksUri.isPresent()) {
            throw new InvalidSmartPropertyException(prefix + "jwks", "private_key_jwt needs exactly one of jwks and jwks-uri");
        }
        List<URI> redirectUris = new ArrayList<>();
        for (String uri : items(client.redirectUris())) {
            redirectUris.add(URI.create(absoluteUrl(prefix + "redirect-uris", uri)));
        }
        Set<String> grants = new LinkedHashSet<>(items(client.grantTypes()));
        for (String grant : grants) {
            if (!GRANT_TYPES.contains(grant)) {
                throw new InvalidSmartPropertyException(prefix + "grant-types", "unknown grant type '" + grant
                        + "'; one of authorization_code, refresh_token, client_credentials");
            }
        }
        if (grants.isEmpty() && !redirectUris.isEmpty()) {
            grants.addAll(List.of(RegisteredClient.AUTHORIZATION_CODE, RegisteredClient.REFRESH_TOKEN));
        } else if (grants.isEmpty() && method == ClientAuthMethod.PRIVATE_KEY_JWT) {
            grants.add(RegisteredClient.CLIENT_CREDENTIALS);
        }
        if (grants.contains(RegisteredClient.AUTHORIZATION_CODE) && redirectUris.isEmpty()) {
            throw new InvalidSmartPropertyException(prefix + "redirect-uris",
                    "the authorization_code grant needs at least one redirect URI");
        }
        if (grants.contains(RegisteredClient.CLIENT_CREDENTIALS) && method == ClientAuthMethod.NONE) {
            throw new InvalidSmartPropertyException(prefix + "grant-types",
                    "client_credentials needs a confidential client (auth-method other than none)");
        }
        if (client.launchApi() && method == ClientAuthMethod.NONE) {
            throw new InvalidSmartPropertyException(prefix + "launch-api",
                    "the launch API needs a confidential client (auth-method other than none)");
        }
        String scope = String.join(" ", items(client.scopes()).stream()
                .flatMap(s -> Arrays.stream(s.trim().split("\\s+"))).filter(s -> !s.isEmpty()).toList());
        if (scope.isEmpty() && grants.contains(RegisteredClient.AUTHORIZATION_CODE)) {
            scope = defaultScope;
        }
        Optional<URI> launchUri = Optional.ofNullable(absoluteUrl(prefix + "initiate-login-uri",
                client.initiateLoginUri())).map(URI::create);
        String name = client.name() == null || client.name().isBlank() ? id : client.name().strip();
        return new ClientDeclaration(id, name, method, secret, redirectUris, grants, scope, jwks, jwksUri, launchUri,
                client.launchApi());
    }

    private static UserDeclaration user(String key, SmartProperties.User user) {
        String prefix = "smart.provisioning.users." + key + ".";
        String username = user.username() == null || user.username().isBlank() ? key : user.username().strip();
        SecretSource password = secret(prefix + "password", user.passwordEnv(), user.passwordFile(),
                user.passwordHash()).orElseThrow(() -> new InvalidSmartPropertyException(prefix + "password-env",
                "a user needs one of password-env, password-file or password-hash"));
        if (user.fhirUser() == null || !resolvable(user.fhirUser().strip())) {
            throw new InvalidSmartPropertyException(prefix + "fhir-user", "must be Type/id (as Practitioner/123) or "
                    + "Type?identifier=system|value, got " + (user.fhirUser() == null ? "nothing" : "'" + user.fhirUser() + "'"));
        }
        String display = user.displayName() == null || user.displayName().isBlank() ? username : user.displayName();
        return new UserDeclaration(username, password, user.fhirUser().strip(), display);
    }

    private static boolean resolvable(String fhirUser) {
        return FhirUserResolver.isLiteral(fhirUser) || IdentifierSearch.parse(fhirUser).isPresent();
    }

    /** The one declared source of a secret: {@code -env}, {@code -file} or {@code -hash}. */
    private static Optional<SecretSource> secret(String property, String env, Path file, String hash) {
        List<SecretSource> sources = Stream.of(
                        blank(env) ? null : new SecretSource.FromEnvironment(env.strip()),
                        file == null ? null : new SecretSource.FromFile(file),
                        blank(hash) ? null : hashed(property + "-hash", hash.strip()))
                .filter(java.util.Objects::nonNull).toList();
        if (sources.size() > 1) {
            throw new InvalidSmartPropertyException(property + "-env", "set only one of " + property + "-env, "
                    + property + "-file and " + property + "-hash");
        }
        return sources.stream().findFirst();
    }

    private static SecretSource hashed(String property, String hash) {
        try {
            return new SecretSource.Hashed(hash);
        } catch (IllegalArgumentException e) {
            throw new InvalidSmartPropertyException(property, e.getMessage());
        }
    }

    private static String absoluteUrl(String property, String value) {
        if (blank(value)) {
            return null;
        }
        try {
            URI uri = new URI(value.strip());
            if (uri.getScheme() == null || uri.getHost() == null) {
                throw new InvalidSmartPropertyException(property, "must be an absolute URL, got '" + value + "'");
            }
            return uri.toString();
        } catch (java.net.URISyntaxException e) {
            throw new InvalidSmartPropertyException(property, "is not a URL: " + e.getMessage());
        }
    }

    /** The brand of {@code smart.user-access-brand.*}, or null when none is configured. */
    private static UserAccessBrand brand(SmartProperties.Brand brand) {
        String prefix = "smart.user-access-brand.";
        if (brand == null || blank(brand.name()) && blank(brand.website())) {
            return null;
        }
        if (blank(brand.name())) {
            throw new InvalidSmartPropertyException(prefix + "name", "is required for a user-access brand");
        }
        String website = absoluteUrl(prefix + "website", brand.website());
        if (website == null) {
            throw new InvalidSmartPropertyException(prefix + "website", "is required for a user-access brand");
        }
        List<UserAccessBrand.Identifier> identifiers = new ArrayList<>();
        for (String item : items(brand.identifiers())) {
            int bar = item.lastIndexOf('|');
            identifiers.add(new UserAccessBrand.Identifier(
                    bar <= 0 ? Optional.empty() : Optional.of(item.substring(0, bar)),
                    bar < 0 ? item : item.substring(bar + 1)));
        }
        List<UserAccessBrand.Address> addresses = new ArrayList<>();
        try {
            if (brand.addresses() != null) {
                for (SmartProperties.BrandAddress a : brand.addresses()) {
                    addresses.add(new UserAccessBrand.Address(text(a.city()), text(a.state()),
                            text(a.postalCode()), text(a.country())));
                }
            }
            return new UserAccessBrand(brand.name().strip(), URI.create(website), uri(brand.logo()),
                    uri(brand.logoLicense()), items(brand.aliases()), identifiers, items(brand.categories()),
                    addresses, text(brand.portalName()), uri(brand.portalUrl()), text(brand.portalDescription()),
                    uri(brand.portalLogo()), uri(brand.developerUrl()));
        } catch (IllegalArgumentException e) {
            throw new InvalidSmartPropertyException("smart.user-access-brand", e.getMessage());
        }
    }

    private static Optional<String> text(String value) {
        return blank(value) ? Optional.empty() : Optional.of(value.strip());
    }

    private static Optional<URI> uri(String value) {
        return text(value).map(URI::create);
    }

    private static Duration positive(String property, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new InvalidSmartPropertyException(property, "must be a positive duration (as 5m, 1h, PT30S), got "
                    + value);
        }
        return value;
    }

    /** The entries of a bound list, trimmed, with empty entries (a blank comma string) left out. */
    private static List<String> items(List<String> values) {
        return values == null ? List.of()
                : values.stream().filter(java.util.Objects::nonNull).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
