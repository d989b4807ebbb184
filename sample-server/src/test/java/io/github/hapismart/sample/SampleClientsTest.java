package io.github.hapismart.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.hapismart.client.ClientAuthMethod;
import io.github.hapismart.provision.ClientDeclaration;
import io.github.hapismart.provision.SecretSource;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sample's client file (README) becomes the same declarations the plugin's provisioning applies. */
class SampleClientsTest {

    @Test
    void aClientBlockOfTheFileBecomesOneDeclaration(@TempDir Path folder) throws Exception {
        Path file = Files.writeString(folder.resolve("clients.properties"), """
                client.inferno.name=Inferno
                client.inferno.auth-method=client_secret_basic
                client.inferno.secret=change-me
                client.inferno.redirect-uris=http://localhost:4567/custom/smart/redirect
                client.inferno.grant-types=authorization_code refresh_token
                client.inferno.scope=launch openid patient/*.rs
                client.inferno.initiate-login-uri=http://localhost:4567/custom/smart/launch
                """);
        assertEquals(List.of(new ClientDeclaration("inferno", "Inferno", ClientAuthMethod.CLIENT_SECRET_BASIC,
                        Optional.of(new SecretSource.Value("change-me")),
                        List.of(URI.create("http://localhost:4567/custom/smart/redirect")),
                        Set.of("authorization_code", "refresh_token"), "launch openid patient/*.rs", Optional.empty(),
                        Optional.empty(), Optional.of(URI.create("http://localhost:4567/custom/smart/launch")), false)),
                SampleClients.fromFile(file, "openid"));
    }
}
