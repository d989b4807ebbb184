package io.github.hapismart.provision;

import io.github.hapismart.client.ClientRepository;
import io.github.hapismart.client.RegisteredClient;
import io.github.hapismart.user.UserAccount;
import io.github.hapismart.user.UserRepository;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * Applies declared clients and users to the plugin's store: each is created if absent, updated if any field
 * differs, and left untouched (its stored hash and creation time too) if equal, so applying the same declarations
 * at every start on every node changes nothing after the first. Secrets are compared against the stored hash, not
 * re-hashed, and appear in no log line or message. Concurrent application by two nodes is safe because the
 * repositories' saves are upserts that tolerate losing an insert race.
 */
public final class Provisioner {

    private static final Logger LOG = LoggerFactory.getLogger(Provisioner.class);

    /** What applying one declaration did. */
    public enum Outcome { CREATED, UPDATED, UNCHANGED, SKIPPED }

    /**
     * What one {@link #apply} did, by client id and by username.
     *
     * @param clients the outcome for each declared client
     * @param users   the outcome for each declared user ({@code SKIPPED}: its fhirUser found no resource yet)
     */
    public record Result(Map<String, Outcome> clients, Map<String, Outcome> users) {
        public Result {
            clients = Map.copyOf(clients);
            users = Map.copyOf(users);
        }
    }

    private final ClientRepository clients;
    private final UserRepository users;
    private final PasswordEncoder passwordEncoder;
    private final Clock clock;
    private final Function<String, String> environment;
    private final FhirUserResolver fhirUsers;

    /**
     * @param environment reads an environment variable (in production {@code System::getenv}); null when unset
     * @param fhirUsers   resolves declared fhirUser searches
     */
    public Provisioner(ClientRepository clients, UserRepository users, PasswordEncoder passwordEncoder, Clock clock,
                       Function<String, String> environment, FhirUserResolver fhirUsers) {
        this.clients = Objects.requireNonNull(clients);
        this.users = Objects.requireNonNull(users);
        this.passwordEncoder = Objects.requireNonNull(passwordEncoder);
        this.clock = Objects.requireNonNull(clock);
        this.environment = Objects.requireNonNull(environment);
        this.fhirUsers = Objects.requireNonNull(fhirUsers);
    }

    /** Applies every declaration, clients first; stops at the first one that cannot be applied. */
    public Result apply(List<ClientDeclaration> declaredClients, List<UserDeclaration> declaredUsers) {
        Map<String, Outcome> clientOutcomes = new LinkedHashMap<>();
        for (ClientDeclaration client : declaredClients) {
            clientOutcomes.put(client.clientId(), apply(client));
        }
        Map<String, Outcome> userOutcomes = new LinkedHashMap<>();
        for (UserDeclaration user : declaredUsers) {
            userOutcomes.put(user.username(), apply(user));
        }
        if (!clientOutcomes.isEmpty() || !userOutcomes.isEmpty()) {
            LOG.info("SMART provisioning: clients {}, users {}", clientOutcomes, userOutcomes);
        }
        return new Result(clientOutcomes, userOutcomes);
    }

    /** Creates, updates or leaves one client. */
    public Outcome apply(ClientDeclaration declared) {
        Optional<RegisteredClient> stored = clients.findById(declared.clientId());
        Optional<String> secretHash = declared.secret().map(source -> hashFor(source,
                stored.flatMap(RegisteredClient::secretHash), "client " + declared.clientId()));
        RegisteredClient wanted = new RegisteredClient(declared.clientId(), declared.name(), declared.authMethod(),
                secretHash, declared.redirectUris(), declared.grantTypes(), declared.scope(), declared.jwks(),
                declared.jwksUri(), declared.initiateLoginUri(),
                stored.map(RegisteredClient::createdAt).orElseGet(clock::instant));
        if (stored.isPresent() && stored.get().equals(wanted)) {
            return Outcome.UNCHANGED;
        }
        clients.save(wanted);
        return stored.isPresent() ? Outcome.UPDATED : Outcome.CREATED;
    }

    /** Creates, updates or leaves one user; skips one whose fhirUser resolves to nothing (yet). */
    public Outcome apply(UserDeclaration declared) {
        Optional<String> fhirUser = fhirUsers.resolve(declared.fhirUser());
        if (fhirUser.isEmpty()) {
            LOG.warn("SMART provisioning: user {} not provisioned: fhirUser {} matches no single resource",
                    declared.username(), declared.fhirUser());
            return Outcome.SKIPPED;
        }
        Optional<UserAccount> stored = users.findByUsername(declared.username());
        String hash = hashFor(declared.password(), stored.map(UserAccount::passwordHash),
                "user " + declared.username());
        UserAccount wanted = new UserAccount(declared.username(), hash, fhirUser.get(), declared.displayName());
        if (stored.isPresent() && stored.get().equals(wanted)) {
            return Outcome.UNCHANGED;
        }
        users.save(wanted);
        return stored.isPresent() ? Outcome.UPDATED : Outcome.CREATED;
    }

    /** The hash to store: the stored one when it already stands for the declared secret, so nothing changes. */
    private String hashFor(SecretSource source, Optional<String> storedHash, String owner) {
        if (source instanceof SecretSource.Hashed hashed) {
            return hashed.hash();
        }
        String secret = read(source, owner);
        if (storedHash.isPresent() && matches(secret, storedHash.get())) {
            return storedHash.get();
        }
        return passwordEncoder.encode(secret);
    }

    private boolean matches(String secret, String hash) {
        try {
            return passwordEncoder.matches(secret, hash);
        } catch (IllegalArgumentException unknownEncoding) {
            return false;
        }
    }

    private String read(SecretSource source, String owner) {
        String secret;
        if (source instanceof SecretSource.FromEnvironment env) {
            secret = environment.apply(env.variable());
        } else if (source instanceof SecretSource.FromFile file) {
            secret = readFile(file.file(), owner);
        } else if (source instanceof SecretSource.Value value) {
            secret = value.secret();
        } else {
            throw new IllegalStateException("a hash is stored as it is, not read");
        }
        if (secret == null || secret.isEmpty()) {
            throw new ProvisioningException(owner + ": the secret's " + source + " is not set or empty", null);
        }
        return secret;
    }

    private static String readFile(Path file, String owner) {
        try {
            return Files.readString(file).stripTrailing();
        } catch (IOException e) {
            throw new ProvisioningException(owner + ": cannot read the secret's file " + file, e);
        }
    }
}
