package io.github.hapismart.enforce;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.test.utilities.server.RestfulServerExtension;
import com.sun.management.OperatingSystemMXBean;
import io.github.hapismart.config.SmartSettings;
import io.github.hapismart.keys.KeyProtector;
import io.github.hapismart.keys.SigningKeys;
import io.github.hapismart.scope.ScopeSet;
import io.github.hapismart.store.SmartDatabase;
import io.github.hapismart.store.TokenHashing;
import io.github.hapismart.token.AccessTokenService;
import io.github.hapismart.token.RevocationList;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;
import org.h2.jdbcx.JdbcDataSource;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Where the enforcement's microseconds go, measured in one JVM without the JPA server: the same in-memory providers
 * served twice, once with the plugin's bearer check (real HS256 tokens from {@link AccessTokenService}) and
 * {@link SmartEnforcement}, once bare, under a loop of real HTTP requests from one client thread. Prints the process
 * CPU per request on each side and, from a JFR recording sampled every millisecond, the share of the SMART side's
 * samples in each enforcement step. A measuring tool, not a test: it runs only with {@code -Dprobe.cost=true}
 * ({@code mvn -o test -pl hapi-smart-plugin -Dtest=EnforcementCostProbe -Dprobe.cost=true}); docs/benchmarks.md
 * says how its figures were used.
 */
@EnabledIfSystemProperty(named = "probe.cost", matches = "true")
class EnforcementCostProbe {

    private static final FhirContext FHIR = FhirContext.forR4Cached();
    private static final String LAB = "http://terminology.hl7.org/CodeSystem/observation-category|laboratory";

    /** The real token service: HS256 tokens, the revocation list on an in-memory H2. */
    private final AccessTokenService tokens = tokenService();

    @RegisterExtension
    final RestfulServerExtension smart = new RestfulServerExtension(FHIR, patients(), observations())
            .withServer(s -> {
                s.registerInterceptor(new BearerTokenInterceptor(tokens, "https://ehr.example/fhir"));
                SmartEnforcement.register(s, new CategoryFilterMatcher(), UserAccessPolicy.SERVER_WIDE);
            });

    @RegisterExtension
    final RestfulServerExtension baseline = new RestfulServerExtension(FHIR, patients(), observations());

    private final HttpClient http = HttpClient.newHttpClient();

    private static AccessTokenService tokenService() {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        SmartDatabase db = new SmartDatabase(ds).migrate();
        return new AccessTokenService(SmartSettings.builder("https://ehr.example/fhir").build(),
                new SigningKeys(db, KeyProtector.none(), Clock.systemUTC()),
                new RevocationList(db, Clock.systemUTC(), Duration.ofSeconds(5)), Clock.systemUTC(),
                new TokenHashing(new SecureRandom()));
    }

    private static InMemoryProvider<Patient> patients() {
        InMemoryProvider<Patient> patients = new InMemoryProvider<>(Patient.class);
        for (String id : List.of("A", "B")) {
            Patient patient = new Patient();
            patient.setId("Patient/" + id);
            patient.addName().setFamily("Family " + id).addGiven("Given");
            patients.with(patient);
        }
        return patients;
    }

    private static InMemoryProvider<Observation> observations() {
        InMemoryProvider<Observation> observations = new InMemoryProvider<>(Observation.class);
        for (int i = 0; i < 20; i++) {
            Observation observation = new Observation();
            observation.setId("Observation/o" + i);
            observation.setSubject(new Reference("Patient/" + (i % 4 == 3 ? "B" : "A")));
            String category = i % 2 == 0 ? "laboratory" : "vital-signs";
            observation.addCategory(new CodeableConcept().addCoding(new Coding(
                    "http://terminology.hl7.org/CodeSystem/observation-category", category, category)));
            observation.setStatus(Observation.ObservationStatus.FINAL);
            observations.with(observation);
        }
        return observations;
    }

    private String token(String scopes) {
        return tokens.issue(new AccessTokenService.TokenRequest("app", "alice", ScopeSet.parse(scopes),
                Optional.of("A"), Optional.empty(), Optional.empty(), Duration.ofHours(1), Optional.empty())).value();
    }

    @Test
    void whereTheMicrosecondsGo() throws Exception {
        int requests = Integer.getInteger("probe.requests", 20_000);
        Map<String, String[]> scenarios = new LinkedHashMap<>();
        scenarios.put("GET Patient/A, patient/*.rs", new String[] {"Patient/A", token("patient/*.rs")});
        scenarios.put("GET Observation?patient=A, patient/*.rs",
                new String[] {"Observation?patient=Patient/A", token("patient/*.rs")});
        scenarios.put("GET Observation?patient=A&category=laboratory, granular",
                new String[] {"Observation?patient=Patient/A&category=" + LAB.replace("|", "%7C"),
                        token("patient/Observation.rs?category=" + LAB)});
        StringBuilder out = new StringBuilder("\nEnforcementCostProbe: " + requests + " requests per side and round\n");
        String only = System.getProperty("probe.scenario", "");
        for (Map.Entry<String, String[]> scenario : scenarios.entrySet()) {
            if (!scenario.getKey().startsWith(only)) {
                continue;
            }
            String path = scenario.getValue()[0];
            String bearer = scenario.getValue()[1];
            String smartUrl = smart.getBaseUrl() + "/" + path;
            String baselineUrl = baseline.getBaseUrl() + "/" + path;
            check(smartUrl, bearer);
            loop(smartUrl, bearer, requests); // JIT warm-up
            loop(baselineUrl, bearer, requests);
            List<Double> smartCpu = new ArrayList<>();
            List<Double> baselineCpu = new ArrayList<>();
            for (int round = 0; round < 3; round++) {
                smartCpu.add(loop(smartUrl, bearer, requests));
                baselineCpu.add(loop(baselineUrl, bearer, requests));
            }
            Path jfr = Files.createTempFile("enforcement-cost", ".jfr");
            Map<String, String> settings = new LinkedHashMap<>(Configuration.getConfiguration("profile").getSettings());
            settings.put("jdk.ExecutionSample#period", "1 ms");
            try (Recording recording = new Recording(settings)) {
                recording.start();
                loop(smartUrl, bearer, requests);
                recording.stop();
                recording.dump(jfr);
            }
            double smartMedian = median(smartCpu);
            double baselineMedian = median(baselineCpu);
            out.append(String.format("%s: CPU per request SMART %.1f µs, baseline %.1f µs (+%.1f µs);"
                    + " rounds SMART %s,"
                    + " baseline %s%n", scenario.getKey(), smartMedian, baselineMedian, smartMedian - baselineMedian,
                    format(smartCpu), format(baselineCpu)));
            out.append(split(jfr, smartMedian));
            Files.deleteIfExists(jfr);
            System.out.println(out);
            out.setLength(0);
        }
    }

    private void check(String url, String bearer) throws Exception {
        HttpResponse<String> response = send(url, bearer);
        if (response.statusCode() != 200) {
            throw new AssertionError(url + " answered " + response.statusCode() + ": " + response.body());
        }
    }

    /** Process CPU (all threads: server, client, JIT, GC) per request over {@code n} sequential requests. */
    private double loop(String url, String bearer, int n) throws Exception {
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long start = os.getProcessCpuTime();
        for (int i = 0; i < n; i++) {
            send(url, bearer);
        }
        return (os.getProcessCpuTime() - start) / 1000.0 / n;
    }

    private HttpResponse<String> send(String url, String bearer) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + bearer)
                .header("Accept", "application/fhir+json").GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(Double::compare);
        return sorted.get(sorted.size() / 2);
    }

    private static String format(List<Double> values) {
        return values.stream().map(v -> String.format("%.0f", v)).toList().toString();
    }

    private static final String DISPATCH = "HAPI hook dispatch (outside the hooks)";
    /** The in-memory provider's own work (the baseline does it too): shown, not counted as enforcement. */
    private static final String PROVIDER = "(the test provider's search and read, not enforcement)";
    private static final String DISPATCH_FRAME = "ca.uhn.fhir.interceptor.executor.BaseInterceptorService";

    /** The enforcement steps, each by the frames that mark it; a sample counts for the first step it shows. */
    private static final Map<String, List<String>> STEPS = steps();

    private static Map<String, List<String>> steps() {
        Map<String, List<String>> steps = new LinkedHashMap<>();
        steps.put("bearer: signature and claims verification (cache miss)",
                List.of("io.github.hapismart.token.AccessTokenService.verifySignatureAndClaims"));
        steps.put("bearer: verified-token cache, expiry and revocation lookup",
                List.of("io.github.hapismart.token.AccessTokenService.check",
                        "io.github.hapismart.token.RevocationList"));
        steps.put("bearer: header parsing, grant attached",
                List.of("io.github.hapismart.enforce.BearerTokenInterceptor"));
        steps.put("rule list (cached per grant)",
                List.of("io.github.hapismart.enforce.SmartAuthorizationInterceptor.buildRuleList",
                        "io.github.hapismart.enforce.ScopeRuleCompiler"));
        steps.put("HAPI AuthorizationInterceptor, outgoing resources (rules, compartment via terser)",
                List.of("ca.uhn.fhir.rest.server.interceptor.auth.AuthorizationInterceptor.hookOutgoingResponse",
                        "ca.uhn.fhir.rest.server.interceptor.auth.AuthorizationInterceptor.hookPreShow",
                        "ca.uhn.fhir.rest.server.interceptor.auth.AuthorizationInterceptor.checkOutgoing"));
        steps.put("HAPI AuthorizationInterceptor, incoming request",
                List.of("ca.uhn.fhir.rest.server.interceptor.auth.AuthorizationInterceptor"));
        steps.put("search narrowing and plan",
                List.of("io.github.hapismart.enforce.SmartSearchNarrowingInterceptor",
                        "io.github.hapismart.enforce.SearchPlanner",
                        "ca.uhn.fhir.rest.server.interceptor.auth.SearchNarrowingInterceptor"));
        steps.put("consent service (SearchResultFilter in HAPI's ConsentInterceptor)",
                List.of("io.github.hapismart.enforce.SmartConsentInterceptor",
                        "io.github.hapismart.enforce.SearchResultFilter",
                        "ca.uhn.fhir.rest.server.interceptor.consent"));
        steps.put(PROVIDER, List.of(InMemoryProvider.class.getName()));
        steps.put("other guards (write guard, export ownership, audit trail guard)",
                List.of("io.github.hapismart.enforce."));
        steps.put(DISPATCH, List.of(DISPATCH_FRAME));
        return steps;
    }

    private static String split(Path jfr, double cpuPerRequest) throws Exception {
        Map<String, Integer> counts = new LinkedHashMap<>();
        Map<String, Integer> dispatch = new java.util.HashMap<>();
        Map<String, Integer> where = new java.util.HashMap<>();
        STEPS.keySet().forEach(step -> counts.put(step, 0));
        int total = 0;
        try (RecordingFile file = new RecordingFile(jfr)) {
            while (file.hasMoreEvents()) {
                RecordedEvent event = file.readEvent();
                if (!event.getEventType().getName().equals("jdk.ExecutionSample") || event.getStackTrace() == null) {
                    continue;
                }
                List<String> frames = event.getStackTrace().getFrames().stream()
                        .map(EnforcementCostProbe::name).toList();
                if (frames.stream().anyMatch(f -> f.startsWith(EnforcementCostProbe.class.getName())
                        || f.startsWith("jdk.internal.net.http"))) {
                    continue; // the client's side of the loop
                }
                total++;
                String step = first(frames);
                if (step != null) {
                    counts.merge(step, 1, Integer::sum);
                    frames.stream().filter(f -> f.startsWith("io.github.hapismart")
                                    || f.startsWith("ca.uhn.fhir.rest.server.interceptor")).findFirst()
                            .ifPresent(f -> where.merge(step.substring(0, Math.min(20, step.length())) + " | " + f, 1,
                                    Integer::sum));
                }
                if (DISPATCH.equals(step)) {
                    int at = 0;
                    while (at < frames.size() && !frames.get(at).startsWith(DISPATCH_FRAME)) {
                        at++;
                    }
                    dispatch.merge(String.join(" < ", frames.subList(Math.max(0, at - 3), at)), 1, Integer::sum);
                }
            }
        }
        StringBuilder out = new StringBuilder();
        int attributed = 0;
        for (Map.Entry<String, Integer> count : counts.entrySet()) {
            attributed += count.getKey().equals(PROVIDER) ? 0 : count.getValue();
            out.append(String.format("    %-85s %5d samples %5.1f %% ~%5.1f µs%n", count.getKey(), count.getValue(),
                    100.0 * count.getValue() / total, cpuPerRequest * count.getValue() / total));
        }
        out.append(String.format("    %-85s %5d samples %5.1f %% ~%5.1f µs (of %d server samples)%n",
                "enforcement, all of the above", attributed, 100.0 * attributed / total,
                cpuPerRequest * attributed / total, total));
        where.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(25)
                .forEach(e -> out.append(String.format("      in %4d  %s%n", e.getValue(), e.getKey())));
        dispatch.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(12)
                .forEach(e -> out.append(String.format("      dispatch %4d  %s%n", e.getValue(), e.getKey())));
        return out.toString();
    }

    /** The first step whose marker frame is on the stack; dispatch counts only outside any hook's own frames. */
    private static String first(List<String> frames) {
        for (Map.Entry<String, List<String>> step : STEPS.entrySet()) {
            for (String frame : frames) {
                for (String marker : step.getValue()) {
                    if (frame.startsWith(marker)) {
                        return step.getKey();
                    }
                }
            }
        }
        return null;
    }

    private static String name(RecordedFrame frame) {
        return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
    }
}
