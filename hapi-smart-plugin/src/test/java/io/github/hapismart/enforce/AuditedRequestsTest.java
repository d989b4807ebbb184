package io.github.hapismart.enforce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.test.utilities.server.RestfulServerExtension;
import io.github.hapismart.SmartAuthorizationServer;
import io.github.hapismart.audit.AuditSettings;
import io.github.hapismart.audit.AuditStore;
import io.github.hapismart.config.SmartSettings;
import io.github.hapismart.hapi.SmartOnFhirPlugin;
import io.github.hapismart.scope.ScopeSet;
import io.github.hapismart.token.AccessTokenService;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.h2.jdbcx.JdbcDataSource;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The plugin installed whole (bearer check, enforcement, audit trail) on an in-process HAPI server: a failing audit
 * store never fails a FHIR request, and patient-data access is recorded only when the setting turns it on.
 */
class AuditedRequestsTest {

    private static final FhirContext FHIR = FhirContext.forR4Cached();
    private final List<AuditEvent> stored = new CopyOnWriteArrayList<>();
    private volatile boolean storeFails;
    private volatile boolean patientDataAccess;
    private SmartAuthorizationServer authorization;

    @RegisterExtension
    final RestfulServerExtension server = new RestfulServerExtension(FHIR,
            new InMemoryProvider<>(Patient.class).with((Patient) new Patient().setId("Patient/A"))
                    .with((Patient) new Patient().setId("Patient/B")),
            new InMemoryProvider<>(Observation.class)
                    .with((Observation) new Observation().setSubject(new Reference("Patient/A")).setId("Observation/a1"))
                    .with((Observation) new Observation().setSubject(new Reference("Patient/A"))
                            .addPerformer(new Reference("Practitioner/P1")).setId("Observation/a2"))
                    .with((Observation) new Observation().setSubject(new Reference("Patient/B")).setId("Observation/b1")))
            .withServer(s -> install(s));

    private void install(ca.uhn.fhir.rest.server.RestfulServer fhirServer) {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        AuditStore store = event -> {
            if (storeFails) {
                throw new IllegalStateException("audit store down");
            }
            stored.add(event);
        };
        authorization = SmartAuthorizationServer.builder(SmartSettings.builder("http://localhost/fhir").build(),
                dataSource).audit(store, AuditSettings.DEFAULTS.withPatientDataAccess(true)).build();
        SmartOnFhirPlugin.install(fhirServer, authorization, null, UserAccessPolicy.SERVER_WIDE);
    }

    @AfterEach
    void close() {
        if (authorization != null) {
            authorization.close();
        }
    }

    private String token(String scopes) {
        return authorization.accessTokens().issue(new AccessTokenService.TokenRequest("app", "alice",
                ScopeSet.parse(scopes), Optional.of("A"), Optional.empty(), Optional.of("Patient/A"),
                Duration.ofHours(1), Optional.empty())).value();
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        // The token's audience is the configured base; the extension's server answers wherever it listens.
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(server.getBaseUrl() + "/" + path))
                .header("Authorization", "Bearer " + token).header("Accept", "application/fhir+json").build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(10);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("not within 10 s: " + what);
            }
            Thread.sleep(20);
        }
    }

    @Test
    void aFailingAuditStoreDoesNotFailTheRequest() throws Exception {
        storeFails = true;
        String token = token("patient/Observation.rs");
        assertEquals(200, get("Observation/a1", token).statusCode());
        HttpResponse<String> refused = get("Observation/b1", token);
        assertEquals(403, refused.statusCode());
        assertTrue(refused.body().contains("needs patient/Observation.r"), refused.body());
        await(() -> authorization.auditTrail().orElseThrow().failed() >= 2, "both events failed to store");
        assertEquals(0, stored.size());
    }

    @Test
    void patientDataReadsAndSearchesAreRecordedPerPatient() throws Exception {
        String token = token("patient/Observation.rs");
        assertEquals(200, get("Observation/a1", token).statusCode());
        assertEquals(200, get("Observation", token).statusCode());
        await(() -> stored.size() >= 2, "a read and a search recorded");
        AuditEvent read = stored.stream().filter(e -> e.getSubtypeFirstRep().getCode().equals("patient-read"))
                .findFirst().orElseThrow();
        assertEquals("Patient/A", read.getEntity().stream().filter(e -> "1".equals(e.getRole().getCode()))
                .findFirst().orElseThrow().getWhat().getReference());
        assertTrue(stored.stream().anyMatch(e -> e.getSubtypeFirstRep().getCode().equals("patient-query")));
        // Observation/a2's performer is a Practitioner, also in the Patient compartment: no event names it a patient.
        assertTrue(stored.stream().flatMap(e -> e.getEntity().stream()).filter(e -> "1".equals(e.getRole().getCode()))
                .allMatch(e -> e.getWhat().getReference().equals("Patient/A")), "only Patient/A is a patient");
    }
}
