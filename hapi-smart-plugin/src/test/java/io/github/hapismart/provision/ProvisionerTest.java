package io.github.hapismart.provision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.hapismart.client.ClientAuthMethod;
import io.github.hapismart.client.JdbcClientRepository;
import io.github.hapismart.client.RegisteredClient;
import io.github.hapismart.store.SmartDatabase;
import io.github.hapismart.user.UserRepository;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;

/** Declared clients and users applied to a real H2 database, as at every start of every node. */
class ProvisionerTest {

    private static final Map<String, String> ENVIRONMENT = Map.of("EHR_SECRET", "s3cret-from-env",
            "DR_PASSWORD", "dr-password");

    private final JdbcDataSource dataSource = newDataSource();
    private final SmartDatabase database = new SmartDatabase(dataSource).migrate();
    private final PasswordEncoder encoder = PasswordEncoderFactories.createDelegatingPasswordEncoder();
    private final Clock clock = Clock.fixed(Instant.parse("2026-12-01T10:00:00Z"), ZoneOffset.UTC);
    private final JdbcClientRepository clients = new JdbcClientRepository(database);
    private final UserRepository users = new UserRepository(database, encoder);
    private final Provisioner provisioner = node(clients, users);

    private static JdbcDataSource newDataSource() {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        return dataSource;
    }

    private Provisioner node(JdbcClientRepository clients, UserRepository users) {
        return new Provisioner(clients, users, encoder, clock, ENVIRONMENT::get, FhirUserResolver.literalOnly());
    }

    private static ClientDeclaration ehr(SecretSource secret) {
        return new ClientDeclaration("my-ehr", "My EHR", ClientAuthMethod.CLIENT_SECRET_BASIC, Optional.of(secret),
                List.of(), Set.of(), "", Optional.empty(), Optional.empty(), Optional.empty(), true);
    }

    private static ClientDeclaration app(String redirectUri) {
        return new ClientDeclaration("my-app", "My app", ClientAuthMethod.NONE, Optional.empty(),
                List.of(URI.create(redirectUri)), Set.of(RegisteredClient.AUTHORIZATION_CODE), "openid patient/*.rs",
                Optional.empty(), Optional.empty(), Optional.empty(), false);
    }

    private static UserDeclaration doctor(SecretSource password) {
        return new UserDeclaration("dr.jones", password, "Practitioner/123", "Dr. Jones");
    }

    @Test
    void aDeclaredClientIsCreatedAtTheFirstStart() {
        assertEquals(Provisioner.Outcome.CREATED, provisioner.apply(app("https://app.example.org/cb")));
    }

    @Test
    void applyingTheSameDeclarationsAgainChangesNothing() {
        provisioner.apply(List.of(ehr(new SecretSource.FromEnvironment("EHR_SECRET")), app("https://app.example.org/cb")),
                List.of(doctor(new SecretSource.FromEnvironment("DR_PASSWORD"))));
        Provisioner.Result second = provisioner.apply(
                List.of(ehr(new SecretSource.FromEnvironment("EHR_SECRET")), app("https://app.example.org/cb")),
                List.of(doctor(new SecretSource.FromEnvironment("DR_PASSWORD"))));
        assertEquals(new Provisioner.Result(
                Map.of("my-ehr", Provisioner.Outcome.UNCHANGED, "my-app", Provisioner.Outcome.UNCHANGED),
                Map.of("dr.jones", Provisioner.Outcome.UNCHANGED)), second);
    }

    @Test
    void aChangedRedirectUriIsStored() {
        provisioner.apply(app("https://app.example.org/cb"));
        provisioner.apply(app("https://app.example.org/new-cb"));
        assertTrue(clients.findById("my-app").orElseThrow().hasRedirectUri("https://app.example.org/new-cb"));
    }

    @Test
    void anUpdatedClientKeepsItsCreationTime() {
        Instant created = Instant.parse("2026-01-01T00:00:00Z");
        new Provisioner(clients, users, encoder, Clock.fixed(created, ZoneOffset.UTC), ENVIRONMENT::get,
                FhirUserResolver.literalOnly()).apply(app("https://app.example.org/cb"));
        provisioner.apply(app("https://app.example.org/new-cb"));
        assertEquals(created, clients.findById("my-app").orElseThrow().createdAt());
    }

    @Test
    void aSecretFromTheEnvironmentIsStoredAsAHashThatMatchesIt() {
        provisioner.apply(ehr(new SecretSource.FromEnvironment("EHR_SECRET")));
        assertTrue(encoder.matches("s3cret-from-env", clients.findById("my-ehr").orElseThrow().secretHash().orElseThrow()));
    }

    @Test
    void aSecretFileIsReadWithoutItsTrailingLineBreak(@TempDir Path folder) throws Exception {
        Path file = Files.writeString(folder.resolve("ehr-secret"), "s3cret-from-file\n");
        provisioner.apply(ehr(new SecretSource.FromFile(file)));
        assertTrue(encoder.matches("s3cret-from-file", clients.findById("my-ehr").orElseThrow().secretHash().orElseThrow()));
    }

    @Test
    void aChangedSecretIsStored() {
        provisioner.apply(ehr(new SecretSource.FromEnvironment("EHR_SECRET")));
        provisioner.apply(ehr(new SecretSource.FromEnvironment("DR_PASSWORD")));
        assertTrue(encoder.matches("dr-password", clients.findById("my-ehr").orElseThrow().secretHash().orElseThrow()));
    }

    @Test
    void aMissingEnvironmentVariableFailsNamingTheVariableAndTheClient() {
        ProvisioningException failure = assertThrows(ProvisioningException.class,
                () -> provisioner.apply(ehr(new SecretSource.FromEnvironment("NOT_SET"))));
        assertEquals("client my-ehr: the secret's environment variable NOT_SET is not set or empty", failure.getMessage());
    }

    @Test
    void noSecretSourcePrintsTheSecret() {
        assertFalse(new SecretSource.Value("s3cret").toString().contains("s3cret"));
    }

    @Test
    void aUserDeclaredWithABcryptHashCanLogIn() {
        provisioner.apply(doctor(new SecretSource.Hashed(encoder.encode("dr-password").substring("{bcrypt}".length()))));
        assertTrue(users.authenticate("dr.jones", "dr-password").isPresent());
    }

    @Test
    void aUserWhoseFhirUserFindsNoResourceIsSkipped() {
        Provisioner.Outcome outcome = provisioner.apply(new UserDeclaration("dr.who",
                new SecretSource.FromEnvironment("DR_PASSWORD"), "Practitioner?identifier=urn:x|1", "Dr. Who"));
        assertEquals(Provisioner.Outcome.SKIPPED, outcome);
    }

    @Test
    void twoNodesProvisioningOneDatabaseAtOnceBothSucceed() throws Exception {
        ExecutorService nodes = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 20; round++) {
                ClientDeclaration client = new ClientDeclaration("race-" + round, "Race", ClientAuthMethod.NONE,
                        Optional.empty(), List.of(URI.create("https://app.example.org/cb")),
                        Set.of(RegisteredClient.AUTHORIZATION_CODE), "openid", Optional.empty(), Optional.empty(),
                        Optional.empty(), false);
                UserDeclaration user = new UserDeclaration("race-" + round,
                        new SecretSource.Hashed(encoder.encode("pw")), "Practitioner/1", "Race");
                CyclicBarrier start = new CyclicBarrier(2);
                List<Future<Provisioner.Result>> results = new ArrayList<>();
                for (int node = 0; node < 2; node++) {
                    // Each node has its own repositories, as two processes would: nothing serialises them but the database.
                    Provisioner own = node(new JdbcClientRepository(database), new UserRepository(database, encoder));
                    results.add(nodes.submit(() -> {
                        start.await();
                        return own.apply(List.of(client), List.of(user));
                    }));
                }
                for (Future<Provisioner.Result> result : results) {
                    result.get();
                }
            }
        } finally {
            nodes.shutdownNow();
        }
        assertEquals(20, clients.findAll().stream().filter(c -> c.clientId().startsWith("race-")).count());
    }
}
