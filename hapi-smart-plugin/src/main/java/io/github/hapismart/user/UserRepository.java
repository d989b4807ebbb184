package io.github.hapismart.user;

import io.github.hapismart.store.SmartDatabase;
import io.github.hapismart.store.StoreException;
import io.github.hapismart.store.TokenHashing;
import java.security.SecureRandom;
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

    /** Users whose timing-decoy hash comes from a fresh {@link SecureRandom} (tests and tools). */
    public UserRepository(SmartDatabase db, PasswordEncoder passwordEncoder) {
        this(db, passwordEncoder, new TokenHashing(new SecureRandom()));
    }

    /**
     * @param secrets the source of the random password whose hash an unknown user name is checked against, so that
     *                a login for a name that does not exist costs as much as one with a wrong password
     */
    public UserRepository(SmartDatabase db, PasswordEncoder passwordEncoder, TokenHashing secrets) {
        this.db = db;
        this.passwordEncoder = passwordEncoder;
        this.unknownUserHash = passwordEncoder.encode(secrets.newToken());
    }

    /** Creates or replaces a user, hashing the password. */
    public UserAccount save(String username, String rawPassword, String fhirUser, String displayName) {
        UserAccount account = new UserAccount(username, passwordEncoder.encode(rawPassword), fhirUser, displayName);
        save(account);
        return account;
    }

    /**
     * Creates the user or replaces the row with its username, keeping the given password hash, without a moment in
     * which the user is missing. Safe when two nodes save the same new user at once: the insert that loses the race
     * on the primary key becomes an update.
     */
    public synchronized void save(UserAccount account) {
        Object[] values = {account.passwordHash(), account.fhirUser(), account.displayName(), account.username()};
        try {
            if (update(values) == 0) {
                db.update("INSERT INTO smart_user (password_hash, fhir_user, display_name, username) VALUES (?, ?, ?, ?)",
                        values);
            }
        } catch (StoreException e) {
            if (!isDuplicateKey(e)) {
                throw e;
            }
            update(values);
        }
    }

    private int update(Object[] values) {
        return db.update("UPDATE smart_user SET password_hash = ?, fhir_user = ?, display_name = ? WHERE username = ?",
                values);
    }

    /** SQLState 23505, unique violation, in H2 and PostgreSQL alike. */
    private static boolean isDuplicateKey(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof java.sql.SQLException sql && "23505".equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code rawPassword} is the password behind {@code account}'s hash. */
    public boolean passwordMatches(UserAccount account, String rawPassword) {
        return passwordEncoder.matches(rawPassword, account.passwordHash());
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
