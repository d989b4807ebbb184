package io.github.hapismart.federate;

import com.nimbusds.jose.jwk.JWK;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Upstream providers declared as flat key/value settings, for the sample server's file and the Spring Boot
 * properties alike. The keys of one provider:
 * {@code name}, {@code issuer}, {@code client-id}, {@code client-auth} ({@code client_secret_basic} (default),
 * {@code client_secret_post} or {@code private_key_jwt}), {@code client-secret} or {@code client-secret-env} (the
 * name of an environment variable), {@code private-key-file} (a file holding a private JWK, for
 * {@code private_key_jwt}), {@code scopes} (space separated; {@code openid} is always asked), {@code fhir-user}
 * (a {@link FhirUserMapping}) and {@code prompt}. Every error names the key it is about.
 */
public final class ProviderDeclarations {

    /** A declaration that cannot be used: {@code key} says which. */
    public static final class InvalidDeclaration extends IllegalArgumentException {
        private final String key;

        InvalidDeclaration(String key, String message) {
            super(key + " " + message);
            this.key = key;
        }

        /** The key (relative to the provider, e.g. {@code issuer}) that is wrong. */
        public String key() {
            return key;
        }
    }

    private ProviderDeclarations() {
    }

    /** The provider {@code id} from its {@code fields}; {@code environment} looks up {@code client-secret-env}. */
    public static UpstreamProvider provider(String id, Map<String, String> fields,
                                            Function<String, String> environment) {
        Function<String, Optional<String>> field = key -> Optional.ofNullable(fields.get(key)).map(String::strip)
                .filter(v -> !v.isEmpty());
        String issuer = field.apply("issuer").orElseThrow(() -> new InvalidDeclaration("issuer", "is required"));
        String clientId = field.apply("client-id").orElseThrow(() -> new InvalidDeclaration("client-id",
                "is required"));
        String auth = field.apply("client-auth").orElse("client_secret_basic");
        UpstreamProvider.ClientCredentials credentials = switch (auth) {
            case "client_secret_basic", "client_secret_post" -> {
                String secret = field.apply("client-secret").or(() -> field.apply("client-secret-env")
                        .map(environment).filter(v -> !v.isEmpty())).orElseThrow(() -> new InvalidDeclaration(
                                "client-secret", "or client-secret-env (a set environment variable) is required for "
                                + auth));
                yield new UpstreamProvider.ClientSecret(secret, auth.equals("client_secret_post"));
            }
            case "private_key_jwt" -> {
                Path file = field.apply("private-key-file").map(Path::of).orElseThrow(() ->
                        new InvalidDeclaration("private-key-file", "is required for private_key_jwt"));
                try {
                    JWK key = JWK.parse(Files.readString(file, StandardCharsets.UTF_8).strip());
                    if (!key.isPrivate()) {
                        throw new InvalidDeclaration("private-key-file", "holds a public key; a private JWK is needed");
                    }
                    yield new UpstreamProvider.PrivateKeyJwt(key);
                } catch (IOException e) {
                    throw new InvalidDeclaration("private-key-file", "cannot be read: " + file);
                } catch (java.text.ParseException e) {
                    throw new InvalidDeclaration("private-key-file", "does not hold a JWK: " + e.getMessage());
                }
            }
            default -> throw new InvalidDeclaration("client-auth", "must be client_secret_basic, client_secret_post"
                    + " or private_key_jwt, not " + auth);
        };
        FhirUserMapping mapping;
        try {
            mapping = FhirUserMapping.parse(field.apply("fhir-user").orElseThrow(() ->
                    new InvalidDeclaration("fhir-user", "is required (claim:<name>, search:<templates> or table)")));
        } catch (InvalidDeclaration e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new InvalidDeclaration("fhir-user", e.getMessage());
        }
        List<String> scopes = Arrays.stream(field.apply("scopes").orElse("openid profile").split("[\\s,]+"))
                .filter(s -> !s.isEmpty()).toList();
        try {
            return new UpstreamProvider(id, field.apply("name").orElse(id), URI.create(issuer), clientId,
                    credentials, scopes, mapping, field.apply("prompt"));
        } catch (IllegalArgumentException e) {
            String key = e.getMessage().contains("issuer") ? "issuer" : e.getMessage().contains("prompt") ? "prompt"
                    : "name";
            throw new InvalidDeclaration(key, e.getMessage());
        }
    }

    /**
     * The federation settings of a properties file: {@code identity-provider.<id>.<key>} lines for each provider,
     * {@code password-login} ({@code true} by default) and {@code upstream-timeout} (ISO-8601, default
     * {@code PT10S}).
     */
    public static FederationSettings fromProperties(Properties properties, Function<String, String> environment) {
        TreeSet<String> ids = new TreeSet<>();
        String prefix = "identity-provider.";
        for (String key : properties.stringPropertyNames()) {
            if (key.startsWith(prefix) && key.indexOf('.', prefix.length()) > prefix.length()) {
                ids.add(key.substring(prefix.length(), key.indexOf('.', prefix.length())));
            }
        }
        List<UpstreamProvider> providers = new ArrayList<>();
        for (String id : ids) {
            Map<String, String> fields = new java.util.HashMap<>();
            String own = prefix + id + ".";
            properties.stringPropertyNames().stream().filter(k -> k.startsWith(own))
                    .forEach(k -> fields.put(k.substring(own.length()), properties.getProperty(k)));
            try {
                providers.add(provider(id, fields, environment));
            } catch (InvalidDeclaration e) {
                throw new InvalidDeclaration(own + e.key(), e.getMessage().substring(e.key().length() + 1));
            }
        }
        boolean passwordLogin = Boolean.parseBoolean(properties.getProperty("password-login", "true").strip());
        Duration timeout = Duration.parse(properties.getProperty("upstream-timeout", "PT10S").strip());
        return new FederationSettings(providers, passwordLogin, timeout);
    }
}
