package io.github.hapismart.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

/**
 * Issue 21, item 3: a refused request (401 for a missing or bad token, 403 from a scope rule or a guard, 400 for a
 * refused parameter) is an expected outcome. The server log gets one INFO line for it (who, what, why; never the
 * token) and no ERROR, no stack trace and no WARN from HAPI's exception handler. Runs a representative set of the leak
 * suite's requests against the in-process sample server and reads everything its loggers wrote meanwhile.
 */
@ExtendWith(SharedServer.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DenialLoggingTest {

    private static final String FHIR_JSON = "application/fhir+json";

    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private TwoPatients p;
    private String reader;
    private String writer;

    @BeforeAll
    void setUp(SampleServerFixture server) {
        p = new TwoPatients(server);
        reader = p.patientToken("patient/*.rs");
        writer = p.mint("denial-log-writer", "patient/*.cruds", Optional.of(p.a), Optional.of("Patient/" + p.a));
    }

    @BeforeEach
    void capture() {
        log.list.clear();
        log.start();
        root().addAppender(log);
    }

    @AfterEach
    void release() {
        root().detachAppender(log);
        log.stop();
    }

    private static Logger root() {
        return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }

    @Test
    void theLeakSuitesRefusalsLeaveOneInfoLineEachAndNoError() {
        List<Supplier<Http.Response>> refused = List.of(
                () -> p.http.get(p.server.fhirBase() + "/Patient/" + p.a, "Accept", FHIR_JSON),
                () -> p.get("Patient/" + p.a, "not-a-valid-token"),
                () -> p.get("Patient/" + p.b, reader),
                () -> p.get(p.first(p.bRefs, "Observation"), reader),
                () -> p.get("Observation?patient=" + p.b, reader),
                () -> p.get("Patient/" + p.b + "/$everything", reader),
                () -> p.get("Observation?_summary=count&_revinclude=Provenance:target", reader),
                () -> p.send("POST", "Observation", writer, FHIR_JSON, observation(p.b)),
                () -> p.send("DELETE", p.first(p.bRefs, "Observation"), writer, null, null),
                () -> p.send("POST", "Observation", writer, FHIR_JSON, observation(p.a),
                        "If-None-Exist", "patient=" + p.b));
        for (Supplier<Http.Response> request : refused) {
            int before = log.list.size();
            Http.Response response = request.get();
            assertTrue(response.status() == 400 || response.status() == 401 || response.status() == 403,
                    response.status() + " " + response.body());
            List<ILoggingEvent> lines = log.list.subList(before, log.list.size()).stream()
                    .filter(e -> !e.getLoggerName().startsWith("io.github.hapismart.token")).toList();
            List<ILoggingEvent> denials = lines.stream()
                    .filter(e -> e.getLoggerName().equals("io.github.hapismart.enforce.DenialLog")).toList();
            assertEquals(1, denials.size(), () -> response.status() + ": " + describe(lines));
            assertEquals(Level.INFO, denials.get(0).getLevel());
            assertTrue(denials.get(0).getFormattedMessage().contains("refused with " + response.status()),
                    denials.get(0).getFormattedMessage());
        }
        assertNoErrorAndNoToken();
    }

    @Test
    void anAllowedRequestLogsNoRefusal() {
        assertEquals(200, p.get("Patient/" + p.a, reader).status());
        assertTrue(log.list.stream().noneMatch(e -> e.getLoggerName().endsWith("DenialLog")), describe(log.list));
    }

    private void assertNoErrorAndNoToken() {
        for (ILoggingEvent event : log.list) {
            assertFalse(event.getLevel().isGreaterOrEqual(Level.ERROR), () -> "an ERROR: " + describe(List.of(event)));
            assertFalse(event.getLoggerName().endsWith("ExceptionHandlingInterceptor"),
                    () -> "HAPI's WARN: " + describe(List.of(event)));
            assertFalse(event.getThrowableProxy() != null, () -> "a stack trace: " + describe(List.of(event)));
            for (String token : List.of(reader, writer, "not-a-valid-token")) {
                assertFalse(event.getFormattedMessage().contains(token), () -> "a token: " + describe(List.of(event)));
            }
        }
    }

    private static String observation(String patient) {
        return "{\"resourceType\":\"Observation\",\"status\":\"final\",\"code\":{\"text\":\"denial-log\"},"
                + "\"subject\":{\"reference\":\"Patient/" + patient + "\"}}";
    }

    private static String describe(List<ILoggingEvent> events) {
        StringBuilder text = new StringBuilder();
        events.forEach(e -> text.append('\n').append(e.getLevel()).append(' ').append(e.getLoggerName()).append(" - ")
                .append(e.getFormattedMessage()));
        return text.toString();
    }
}
