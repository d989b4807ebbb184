package io.github.hapismart.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.hapismart.launch.FhirContextItem;
import io.github.hapismart.launch.LaunchContext;
import io.github.hapismart.launch.LaunchContextStore;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** EHR launch contexts on H2 and PostgreSQL: bound to one app, used once, ending after their lifetime. */
class LaunchContextStoreTest {

    private static final Duration LIFETIME = Duration.ofMinutes(5);
    private static final LaunchContext CONTEXT = new LaunchContext(Optional.of("1005"), Optional.of("1042"),
            Optional.of("Practitioner/1001"), List.of(FhirContextItem.ofReference("DocumentReference/1100"),
                    new FhirContextItem(Optional.empty(), Optional.of("http://example.org/Questionnaire/phq9|1.0"),
                            Optional.empty(), Optional.of("Questionnaire"), Optional.of("https://example.org/form")),
                    new FhirContextItem(Optional.empty(), Optional.empty(),
                            Optional.of(java.util.Map.of("system", "urn:oid:1.2.3", "value", "a-1")),
                            Optional.of("ServiceRequest"), Optional.empty())), Optional.of("summary"),
            Optional.of(true), Optional.of("http://localhost:8080/ehr/smart-style.json"));

    @RegisterExtension
    final StoreDatabases databases = new StoreDatabases();

    private final MovableClock clock = new MovableClock(Instant.parse("2026-12-01T10:00:00Z"));

    private LaunchContextStore store(DatabaseKind kind) {
        return new LaunchContextStore(databases.open(kind), new TokenHashing(new SecureRandom()), clock, LIFETIME);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(DatabaseKind.class)
    void aLaunchContextIsConsumedWithEveryField(DatabaseKind kind) {
        LaunchContextStore store = store(kind);
        String launch = store.create("demo-app", CONTEXT, "demo-ehr");
        assertEquals(Optional.of(CONTEXT), store.consume("demo-app", launch));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(DatabaseKind.class)
    void aLaunchContextCannotBeConsumedTwice(DatabaseKind kind) {
        LaunchContextStore store = store(kind);
        String launch = store.create("demo-app", CONTEXT, "demo-ehr");
        store.consume("demo-app", launch);
        assertEquals(Optional.empty(), store.consume("demo-app", launch));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(DatabaseKind.class)
    void anotherAppCannotConsumeALaunchContext(DatabaseKind kind) {
        LaunchContextStore store = store(kind);
        String launch = store.create("demo-app", CONTEXT, "demo-ehr");
        assertEquals(Optional.empty(), store.consume("other-app", launch));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(DatabaseKind.class)
    void anExpiredLaunchContextIsNotConsumed(DatabaseKind kind) {
        LaunchContextStore store = store(kind);
        String launch = store.create("demo-app", CONTEXT, "demo-ehr");
        clock.advance(LIFETIME.plusSeconds(1));
        assertEquals(Optional.empty(), store.consume("demo-app", launch));
    }
}
