package io.github.hapismart.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.hapismart.user.UserAccount;
import io.github.hapismart.user.UserRepository;
import java.util.Optional;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;

/** Users on H2 and PostgreSQL: stored with a password hash that authenticates them, and only them. */
class UserStoreTest {

    @RegisterExtension
    final StoreDatabases databases = new StoreDatabases();

    private UserRepository users(DatabaseKind kind) {
        return new UserRepository(databases.open(kind), PasswordEncoderFactories.createDelegatingPasswordEncoder());
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(DatabaseKind.class)
    void aSavedUserAuthenticatesWithTheirPassword(DatabaseKind kind) {
        UserRepository users = users(kind);
        users.save("practitioner", "demo-practitioner", "Practitioner/1001", "Dr Demo");
        assertEquals(Optional.of("Practitioner/1001"),
                users.authenticate("practitioner", "demo-practitioner").map(UserAccount::fhirUser));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(DatabaseKind.class)
    void aWrongPasswordDoesNotAuthenticate(DatabaseKind kind) {
        UserRepository users = users(kind);
        users.save("practitioner", "demo-practitioner", "Practitioner/1001", "Dr Demo");
        assertEquals(Optional.empty(), users.authenticate("practitioner", "guess"));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(DatabaseKind.class)
    void savingAUserAgainReplacesTheirPassword(DatabaseKind kind) {
        UserRepository users = users(kind);
        users.save("patient", "old-password", "Patient/1005", "Pat Demo");
        users.save("patient", "new-password", "Patient/1005", "Pat Demo");
        assertEquals(Optional.empty(), users.authenticate("patient", "old-password"));
    }
}
