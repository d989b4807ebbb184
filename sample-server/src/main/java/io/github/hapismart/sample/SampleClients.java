package io.github.hapismart.sample;

import io.github.hapismart.client.ClientAuthMethod;
import io.github.hapismart.client.RegisteredClient;
import io.github.hapismart.provision.ClientDeclaration;
import io.github.hapismart.provision.SecretSource;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * The sample server's clients, applied at start by the plugin's provisioning: the built-in demo app and EHR, and
 * those listed in the optional configuration file as {@code client.<id>.<field>=value} lines (see README). Secrets
 * are hashed before storage.
 */
final class SampleClients {

    /** The built-in public client of the demo SMART app. */
    static final String DEMO_APP_CLIENT_ID = "demo-app";

    /** The confidential client of the sample EHR, allowed to create launch contexts at {@code POST /auth/launch}. */
    static final String DEMO_EHR_CLIENT_ID = "demo-ehr";
    /** Its public demo secret (README). */
    static final String DEMO_EHR_SECRET = "demo-ehr-secret";

    private SampleClients() {
    }

    /**
     * The built-in clients, declared as configuration declares clients and applied by the plugin's
     * {@link io.github.hapismart.provision.Provisioner}: the demo app (public) and the demo EHR, whose secret is a
     * public demo credential (README) and the only one allowed to create launch contexts.
     */
    static List<ClientDeclaration> demoClients(String rootUrl, String scope) {
        return List.of(
                new ClientDeclaration(DEMO_APP_CLIENT_ID, "Demo SMART app", ClientAuthMethod.NONE, Optional.empty(),
                        List.of(URI.create(rootUrl + "/demo-app/index.html")),
                        Set.of(RegisteredClient.AUTHORIZATION_CODE, RegisteredClient.REFRESH_TOKEN), scope,
                        Optional.empty(), Optional.empty(), Optional.of(URI.create(rootUrl + "/demo-app/launch.html")),
                        false),
                new ClientDeclaration(DEMO_EHR_CLIENT_ID, "Demo EHR", ClientAuthMethod.CLIENT_SECRET_BASIC,
                        Optional.of(new SecretSource.Value(DEMO_EHR_SECRET)), List.of(), Set.of(), "",
                        Optional.empty(), Optional.empty(), Optional.empty(), true));
    }

    /**
     * The clients declared in the file, for the same provisioning as the built-in ones (so a restart with an
     * unchanged file changes nothing). The file holds its secrets in clear, as it always did; only hashes are stored.
     */
    static List<ClientDeclaration> fromFile(Path file, String defaultScope) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read configuration file " + file, e);
        }
        Set<String> ids = new TreeSet<>();
        for (String key : properties.stringPropertyNames()) {
            if (key.startsWith("client.") && key.indexOf('.', 7) > 7) {
                ids.add(key.substring(7, key.indexOf('.', 7)));
            }
        }
        List<ClientDeclaration> declarations = new java.util.ArrayList<>();
        for (String id : ids) {
            String prefix = "client." + id + ".";
            ClientAuthMethod method = ClientAuthMethod.fromValue(properties.getProperty(prefix + "auth-method", "none"))
                    .orElseThrow(() -> new IllegalArgumentException("Unknown auth-method for client " + id));
            Optional<SecretSource> secret = Optional.ofNullable(properties.getProperty(prefix + "secret"))
                    .map(SecretSource.Value::new);
            declarations.add(new ClientDeclaration(id, properties.getProperty(prefix + "name", id), method, secret,
                    words(properties.getProperty(prefix + "redirect-uris")).stream().map(URI::create).toList(),
                    new LinkedHashSet<>(words(properties.getProperty(prefix + "grant-types",
                            "authorization_code refresh_token"))),
                    properties.getProperty(prefix + "scope", defaultScope),
                    Optional.ofNullable(properties.getProperty(prefix + "jwks")),
                    Optional.ofNullable(properties.getProperty(prefix + "jwks-uri")).map(URI::create),
                    Optional.ofNullable(properties.getProperty(prefix + "initiate-login-uri")).map(URI::create),
                    false));
        }
        return declarations;
    }

    private static List<String> words(String value) {
        return value == null || value.isBlank() ? List.of() : Arrays.asList(value.trim().split("\\s+"));
    }
}
