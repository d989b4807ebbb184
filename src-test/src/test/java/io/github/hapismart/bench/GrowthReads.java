package io.github.hapismart.bench;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.dao.IFhirSystemDao;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import io.github.hapismart.scope.ScopeSet;
import io.github.hapismart.token.AccessTokenService;
import io.github.hapismart.token.AccessTokenService.TokenRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;

/**
 * How the plugin's cost on reads and searches grows with a patient's data (issue 20): patients with 10, 1,000 and
 * 10,000 Observations (half of them laboratory), created in the preparation step through HAPI's system DAO in
 * transactions of {@value #BATCH}, and for each the Patient read, the Observation search and the granular laboratory
 * search in pages of 50, SMART against the baseline in alternating rounds, as the main read scenarios are measured.
 */
final class GrowthReads {

    /** The patients' sizes: how many Observations each has. */
    static final List<Integer> SIZES = List.of(10, 1_000, 10_000);
    private static final int BATCH = 500;
    private static final int PAGE = 50;

    /** A growth patient: its id, its Observation count and its two tokens (patient/*.rs and the laboratory one). */
    record GrowthPatient(int observations, String id, String patientToken, String laboratoryToken) {
    }

    private GrowthReads() {
    }

    /** Creates one patient per size with its Observations, and mints its tokens; runs in the preparing JVM. */
    @SuppressWarnings("unchecked")
    static List<GrowthPatient> prepare(DaoRegistry daos, AccessTokenService tokens) {
        IFhirSystemDao<Bundle, ?> system = (IFhirSystemDao<Bundle, ?>) daos.getSystemDao();
        List<GrowthPatient> patients = new ArrayList<>();
        for (int size : SIZES) {
            Patient patient = new Patient();
            patient.addName(new HumanName().setFamily("Growth").addGiven(Integer.toString(size)));
            patient.setGender(Enumerations.AdministrativeGender.UNKNOWN);
            String id = daos.getResourceDao("Patient").create(patient, new SystemRequestDetails()).getId()
                    .getIdPart();
            for (int from = 0; from < size; from += BATCH) {
                Bundle transaction = new Bundle().setType(Bundle.BundleType.TRANSACTION);
                for (int i = from; i < Math.min(size, from + BATCH); i++) {
                    transaction.addEntry().setResource(observation(id, i)).getRequest()
                            .setMethod(Bundle.HTTPVerb.POST).setUrl("Observation");
                }
                system.transaction(new SystemRequestDetails(), transaction);
            }
            patients.add(new GrowthPatient(size, id, mint(tokens, id, "patient/*.rs"),
                    mint(tokens, id, "patient/Observation.rs?category=" + PreparedData.LABORATORY)));
        }
        return patients;
    }

    private static Observation observation(String patientId, int i) {
        boolean laboratory = i % 2 == 0;
        Observation observation = new Observation();
        observation.setStatus(Observation.ObservationStatus.FINAL);
        observation.addCategory(new CodeableConcept(new Coding(
                "http://terminology.hl7.org/CodeSystem/observation-category",
                laboratory ? "laboratory" : "vital-signs", null)));
        observation.setCode(new CodeableConcept(laboratory ? new Coding("http://loinc.org", "2345-7", "Glucose")
                : new Coding("http://loinc.org", "8867-4", "Heart rate")));
        observation.setSubject(new Reference("Patient/" + patientId));
        observation.setEffective(new DateTimeType(java.util.Date.from(java.time.Instant.parse("2020-01-01T00:00:00Z")
                .plusSeconds(60L * i))));
        observation.setValue(new Quantity().setValue(laboratory ? 90 + i % 40 : 60 + i % 50)
                .setUnit(laboratory ? "mg/dL" : "/min"));
        return observation;
    }

    private static String mint(AccessTokenService tokens, String patientId, String scopes) {
        return tokens.issue(new TokenRequest("benchmark", "benchmark-user", ScopeSet.parse(scopes),
                Optional.of(patientId), Optional.empty(), Optional.empty(), Duration.ofHours(2), Optional.empty()))
                .value();
    }

    /**
     * Measures every scenario for every patient: {@code rounds} alternating rounds of {@code seconds} per side after a
     * warm-up of {@code warmup} seconds per side. Returns the rows for the growth table and the chart.
     */
    static List<GrowthTables.ReadRow> measure(List<GrowthPatient> patients, Wrk wrk, ServerProcess server,
                                              Report report, String root, int rounds, int seconds, int warmup,
                                              boolean jitWarm) {
        if (!jitWarm) {
            // Without the main read scenarios before them, HAPI's read path is still being compiled: one pass over
            // every request on both sides first, so that the first patient is not measured during compilation.
            long started = System.nanoTime();
            for (GrowthPatient patient : patients) {
                for (String[] scenario : scenarios(patient)) {
                    Map<String, String> headers = Map.of("Authorization", "Bearer " + scenario[2],
                            "Accept", "application/fhir+json");
                    wrk.get(root + "/fhir" + scenario[1], 4, headers);
                    wrk.get(root + "/fhir-baseline" + scenario[1], 4, headers);
                }
            }
            report.progress("growth-reads: JIT warm-up pass in %d s", BenchmarkMain.seconds(started));
        }
        List<GrowthTables.ReadRow> rows = new ArrayList<>();
        for (GrowthPatient patient : patients) {
            for (String[] scenario : scenarios(patient)) {
                Map<String, String> headers = Map.of("Authorization", "Bearer " + scenario[2],
                        "Accept", "application/fhir+json");
                String smartUrl = root + "/fhir" + scenario[1];
                String baselineUrl = root + "/fhir-baseline" + scenario[1];
                wrk.get(smartUrl, warmup, headers);
                wrk.get(baselineUrl, warmup, headers);
                List<Report.ReadRound> measured = new ArrayList<>();
                for (int round = 0; round < rounds; round++) {
                    boolean smartFirst = round % 2 == 0;
                    ServerProcess.Cpu start = server.cpu();
                    Wrk.Result first = wrk.get(smartFirst ? smartUrl : baselineUrl, seconds, headers);
                    ServerProcess.Cpu middle = server.cpu();
                    Wrk.Result second = wrk.get(smartFirst ? baselineUrl : smartUrl, seconds, headers);
                    ServerProcess.Cpu end = server.cpu();
                    measured.add(smartFirst
                            ? new Report.ReadRound(first, middle.since(start), second, end.since(middle))
                            : new Report.ReadRound(second, end.since(middle), first, middle.since(start)));
                }
                GrowthTables.ReadRow row = row(patient.observations(), scenario[0], measured);
                rows.add(row);
                long failures = measured.stream().mapToLong(r -> r.smart().non2xx() + r.smart().socketErrors()
                        + r.baseline().non2xx() + r.baseline().socketErrors()).sum();
                report.progress("growth, %,d Observations, %s: SMART %.0f/s, baseline %.0f/s, median ratio %.3f; "
                                + "CPU per request %.0f / %.0f µs (%+.0f µs); %d failed requests",
                        patient.observations(), scenario[0], row.smartPerSecond(), row.baselinePerSecond(),
                        row.medianRatio(), row.smartCpuMicros(), row.baselineCpuMicros(),
                        row.smartCpuMicros() - row.baselineCpuMicros(), failures);
            }
        }
        return rows;
    }

    /** The patient's three scenarios: label, path below the FHIR base, token. */
    private static List<String[]> scenarios(GrowthPatient patient) {
        String lab = "&category=" + BackendKeys.encode(PreparedData.LABORATORY);
        return List.of(
                new String[] {"GET Patient/{id}", "/Patient/" + patient.id(), patient.patientToken()},
                new String[] {"GET Observation?patient={id}&_count=50",
                        "/Observation?patient=" + patient.id() + "&_count=" + PAGE, patient.patientToken()},
                new String[] {"granular laboratory search, _count=50",
                        "/Observation?patient=" + patient.id() + lab + "&_count=" + PAGE, patient.laboratoryToken()});
    }

    /** A table row from alternating rounds: summed rates and CPU, the median of the rounds' ratios. */
    static GrowthTables.ReadRow row(int observations, String scenario, List<Report.ReadRound> rounds) {
        Wrk.Result smart = rounds.stream().map(Report.ReadRound::smart).reduce(Wrk.Result::plus).orElseThrow();
        Wrk.Result baseline = rounds.stream().map(Report.ReadRound::baseline).reduce(Wrk.Result::plus).orElseThrow();
        double median = Report.median(rounds.stream().mapToDouble(Report.ReadRound::ratio).toArray());
        double smartCpu = rounds.stream().mapToLong(r -> r.smartCpu().otherNanos()).sum() / 1000.0
                / Math.max(1, smart.requests());
        double baselineCpu = rounds.stream().mapToLong(r -> r.baselineCpu().otherNanos()).sum() / 1000.0
                / Math.max(1, baseline.requests());
        return new GrowthTables.ReadRow(observations, scenario, smart.perSecond(), baseline.perSecond(), median,
                smartCpu, baselineCpu);
    }

    /** The chart's bar label for a row. */
    static String barLabel(GrowthTables.ReadRow row) {
        return "%s (%,d Observations)".formatted(row.scenario(), row.observations());
    }

}
