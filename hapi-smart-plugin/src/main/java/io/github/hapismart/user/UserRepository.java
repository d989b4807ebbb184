package io.github.hapismart.user;

import io.github.hapismart.store.SmartDatabase;
import java.util.Optional;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * The users who can log in, on the plugin's JDBC tables. Passwords are hashed with the configured
 * {@link PasswordEncoder} (bcrypt by default) and only the hash is stored.
 */
public final class UserRepository {

    private final SmartDatabase db;
    private final PasswordEncoder passwordEncoder;
    private final String unknownUserHash;

    public UserRepository(SmartDatabase db, PasswordEncoder passwordEncoder) {
        this.db = db;
        this.passwordEncoder = passwordEncoder;
        this.unknownUserHash = passwordEncoder.encode(java.util.UUID.randomUUID().toString());
    }

    /** Creates or replaces a user, hashing the password. */
    public synchronized UserAccount save(String username, String rawPassword, String fhirUser, String displayName) {
        UserAccount account = new UserAccount(username, passwordEncoder.encode(rawPassword), fhirUser, displayName);
        db.update("DELETE FROM smart_user WHERE username = ?", username);
        db.update("INSERT INTO smart_user (username, password_hash, fhir_user, display_name) VALUES (?, ?, ?, ?)",
                account.username(), account.passwordHash(), account.fhirUser(), account.displayName());
        return account;
    }

    public Optional<UserAccount> findByUsername(String username) {
        return db.queryOne("SELECT username, password_hash, fhir_user, display_name FROM smart_user WHERE username = ?",
                row -> new UserAccount(row.getString(1), row.getString(2), row.getString(3), row.getString(4)),
                username);
    }

    /** The user, if the password matches. The hash is checked even for unknown users, so timing does not tell. */
    public Optional<UserAccount> authenticate(String username, String rawPassword) {
        Optional<UserAccount> account = findByUsername(username);
        String hash = account.map(UserAccount::passwordHash).orElse(unknownUserHash);
        boolean matches = passwordEncoder.matches(rawPassword == null ? "" : rawPassword, hash);
        return matches ? account : Optional.empty();
    }

}
