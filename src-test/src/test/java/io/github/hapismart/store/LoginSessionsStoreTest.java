package io.github.hapismart.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.hapismart.user.LoginSessions;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Login sessions on H2 and PostgreSQL: found by their cookie until they end or expire. */
class LoginSessionsStoreTest {

    private static final Duration LIFETIME = Duration.ofHours(8);

    @RegisterExtension
    final StoreDatabases databases = new StoreDatabases();

    private final MovableClock clock = new MovableClock(Instant.parse("2026-12-01T10:00:00Z"));

    private LoginSessions sessions(DatabaseKind kind) {
        return new LoginSessions(databases.open(kind), new TokenHashing(new SecureRandom()), clock, LIFETIME);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(DatabaseKind.class)
    void aStartedSessionIsFoundByItsCookie(DatabaseKind kind) {
        LoginSessions sessions = sessions(kind);
        String cookie = sessions.start("practitioner");
        assertEquals(Optional.of("practitioner"), sessions.find(cookie).map(LoginSessions.Session::username));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(DatabaseKind.class)
    void anEndedSessionIsNotFound(DatabaseKind kind) {
        LoginSessions sessions = sessions(kind);
        String cookie = sessions.start("practitioner");
        sessions.end(cookie);
        assertEquals(Optional.empty(), sessions.find(cookie));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(DatabaseKind.class)
    void anExpiredSessionIsNotFound(DatabaseKind kind) {
        LoginSessions sessions = sessions(kind);
        String cookie = sessions.start("practitioner");
        clock.advance(LIFETIME.plusSeconds(1));
        assertEquals(Optional.empty(), sessions.find(cookie));
    }
}
