package io.github.hapismart.enforce;

import static io.github.hapismart.enforce.Calls.A_COND;
import static io.github.hapismart.enforce.Calls.A_LAB;
import static io.github.hapismart.enforce.Calls.A_VITAL;
import static io.github.hapismart.enforce.Calls.B_COND;
import static io.github.hapismart.enforce.Calls.B_LAB;
import static io.github.hapismart.enforce.Calls.GROUP;
import static io.github.hapismart.enforce.Calls.LAB;
import static io.github.hapismart.enforce.Calls.P1;
import static io.github.hapismart.enforce.Calls.PATIENT_A;
import static io.github.hapismart.enforce.Calls.PATIENT_B;
import static io.github.hapismart.enforce.Calls.bundle;
import static io.github.hapismart.enforce.Calls.conditional;
import static io.github.hapismart.enforce.Calls.create;
import static io.github.hapismart.enforce.Calls.createIfNoneExist;
import static io.github.hapismart.enforce.Calls.entry;
import static io.github.hapismart.enforce.Calls.export;
import static io.github.hapismart.enforce.Calls.graphql;
import static io.github.hapismart.enforce.Calls.observation;
import static io.github.hapismart.enforce.Calls.operation;
import static io.github.hapismart.enforce.Calls.patch;
import static io.github.hapismart.enforce.Calls.read;
import static io.github.hapismart.enforce.Calls.search;
import static io.github.hapismart.enforce.Calls.update;
import static io.github.hapismart.enforce.EnforcementProbe.Verdict.ALLOW;
import static io.github.hapismart.enforce.EnforcementProbe.Verdict.DENY;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.bulk.BulkExportJobParameters.ExportStyle;
import io.github.hapismart.enforce.EnforcementProbe.Call;
import io.github.hapismart.enforce.EnforcementProbe.Token;
import io.github.hapismart.enforce.EnforcementProbe.Verdict;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.Bundle.BundleType;
import org.hl7.fhir.r4.model.Bundle.HTTPVerb;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The enforcement's decision, ALLOW or DENY, on concrete requests for v1, v2 and granular scopes and for patient
 * (launch patient A), user and system tokens; no server, no rule names. Each row is one expected outcome: a request
 * is allowed when every hook lets it through and every resource of its response is one the token may see. A search's
 * response is what the database would return for it once narrowed (the narrowing adds the launch patient and the
 * granular query, so a narrowed search never returns a resource outside them).
 */
class VerdictTableTest {

    private static final EnforcementProbe PROBE = new EnforcementProbe();

    private static final Token V1_READ = Token.patientA("patient/Observation.read");
    private static final Token V1_WRITE = Token.patientA("patient/Observation.write");
    private static final Token V2_RS = Token.patientA("patient/Observation.rs");
    private static final Token V2_ALL = Token.patientA("patient/*.cruds");
    private static final Token V2_CREATE = Token.patientA("patient/Observation.c");
    private static final Token V2_UPDATE = Token.patientA("patient/Observation.u");
    private static final Token GRANULAR = Token.patientA("patient/Observation.rs?" + LAB);
    /** Two queries on different parameters cannot be added to a search: every result is matched in memory. */
    private static final Token GRANULAR_TWO_PARAMETERS =
            Token.patientA("patient/Observation.rs?" + LAB + " patient/Observation.rs?code=1234-5");
    private static final Token WILDCARD_READ = Token.patientA("patient/*.rs");
    private static final Token PRACTITIONER = Token.user("user/Observation.rs", "Practitioner/p1");
    private static final Token PATIENT_USER = Token.user("user/Observation.rs", "Patient/A");
    private static final Token USER_ALL = Token.user("user/*.rs", "Practitioner/p1");
    private static final Token SYSTEM_OBS = Token.system("system/Observation.rs");
    private static final Token SYSTEM_ALL = Token.system("system/*.rs");
    private static final Token SYSTEM_GRANULAR = Token.system("system/Observation.rs?" + LAB);

    @ParameterizedTest(name = "{0} | {1} -> {2}")
    @MethodSource
    void readAndSearch(Token token, Call call, Verdict expected) {
        assertEquals(expected, PROBE.decide(token, call));
    }

    static Stream<Arguments> readAndSearch() {
        return Stream.of(
                row(V1_READ, read(A_LAB), ALLOW),
                row(V1_READ, read(B_LAB), DENY),
                row(V1_READ, search("Observation", A_LAB, A_VITAL), ALLOW),
                row(V1_READ, search("Observation?patient=B"), DENY),
                row(V2_RS, read(A_LAB), ALLOW),
                row(V2_RS, read(B_LAB), DENY),
                row(V2_RS, read(A_COND), DENY),
                row(V2_RS, search("Observation?patient=Patient/A", A_LAB, A_VITAL), ALLOW),
                row(V2_RS, search("Observation?subject=Patient/B"), DENY),
                row(Token.patientA("patient/Observation.r"), search("Observation", A_LAB), DENY),
                row(Token.patientA("patient/Observation.s"), read(A_LAB), DENY),
                row(Token.patientA("patient/Patient.r"), read(PATIENT_A), ALLOW),
                row(Token.patientA("patient/Patient.r"), read(PATIENT_B), DENY),
                row(GRANULAR, read(A_LAB), ALLOW),
                row(GRANULAR, read(A_VITAL), DENY),
                row(GRANULAR, search("Observation", A_LAB), ALLOW),
                row(GRANULAR, search("Observation?_include=Observation:subject", A_VITAL), DENY),
                row(GRANULAR_TWO_PARAMETERS, search("Observation", A_LAB), ALLOW),
                row(GRANULAR_TWO_PARAMETERS, search("Observation", A_VITAL), DENY),
                row(WILDCARD_READ, read(P1), ALLOW),
                row(WILDCARD_READ, search("Practitioner", P1), ALLOW),
                row(Token.patientA("patient/Observation.rs"), read(P1), DENY),
                row(new Token("patient/Observation.rs", null, null), read(A_LAB), DENY),
                row(PRACTITIONER, read(B_LAB), ALLOW),
                row(PRACTITIONER, search("Observation", A_LAB, B_LAB), ALLOW),
                row(PRACTITIONER, read(B_COND), DENY),
                row(PATIENT_USER, read(A_LAB), ALLOW),
                row(PATIENT_USER, read(B_LAB), DENY),
                row(SYSTEM_OBS, read(B_LAB), ALLOW),
                row(SYSTEM_OBS, search("Observation", A_LAB, B_LAB), ALLOW),
                row(SYSTEM_OBS, read(B_COND), DENY),
                row(SYSTEM_GRANULAR, read(B_LAB), ALLOW),
                row(SYSTEM_GRANULAR, read(A_VITAL), DENY),
                row(Token.user("user/Observation.read", "Practitioner/p1"), read(B_LAB), ALLOW),
                row(Token.user("user/Observation.read", "Patient/A"), read(B_LAB), DENY),
                row(Token.system("system/*.read"), read(B_COND), ALLOW),
                row(Token.system("system/*.read"), search("Condition", A_COND, B_COND), ALLOW),
                row(Token.system("system/*.read"), create(observation(null, "B", "laboratory")), DENY),
                row(Token.system("system/*.write"), create(observation(null, "B", "laboratory")), ALLOW),
                row(Token.system("system/*.write"), read(B_LAB), DENY));
    }

    @ParameterizedTest(name = "{0} | {1} -> {2}")
    @MethodSource
    void includesOperationsAndGroups(Token token, Call call, Verdict expected) {
        assertEquals(expected, PROBE.decide(token, call));
    }

    static Stream<Arguments> includesOperationsAndGroups() {
        RestOperationTypeEnum instance = RestOperationTypeEnum.EXTENDED_OPERATION_INSTANCE;
        RestOperationTypeEnum server = RestOperationTypeEnum.EXTENDED_OPERATION_SERVER;
        return Stream.of(
                row(WILDCARD_READ, search("Observation?_include=Observation:subject", A_LAB, PATIENT_A), ALLOW),
                row(WILDCARD_READ, search("Observation?_include=Observation:subject", A_LAB, PATIENT_B), DENY),
                row(WILDCARD_READ, search("Patient?_revinclude=Observation:subject", PATIENT_A, A_LAB), ALLOW),
                row(WILDCARD_READ, search("Patient?_revinclude=Observation:subject", PATIENT_A, B_LAB), DENY),
                row(WILDCARD_READ, search("Patient?_revinclude=Group:member", PATIENT_A, GROUP), DENY),
                row(V2_RS, search("Observation?_include=Observation:subject", A_LAB, PATIENT_A), DENY),
                row(SYSTEM_ALL, search("Observation?_include=Observation:subject", B_LAB, PATIENT_B), ALLOW),
                row(WILDCARD_READ, operation("Patient/A/$everything", instance, null, PATIENT_A, A_LAB, P1), ALLOW),
                row(WILDCARD_READ, operation("Patient/A/$everything", instance, null, PATIENT_A, GROUP), DENY),
                row(WILDCARD_READ, operation("Patient/B/$everything", instance, null, PATIENT_B), DENY),
                row(V2_RS, operation("Patient/A/$everything", instance, null, A_LAB), ALLOW),
                row(V2_RS, operation("Patient/A/$everything", instance, null, A_COND), DENY),
                row(SYSTEM_ALL, operation("Patient/A/$everything", instance, null, PATIENT_A), DENY),
                row(WILDCARD_READ, read(GROUP), DENY),
                row(WILDCARD_READ, search("Group", GROUP), DENY),
                row(Token.patientA("patient/Group.rs"), read(GROUP), DENY),
                row(Token.patientA("patient/*.rs system/Group.rs"), read(GROUP), ALLOW),
                row(SYSTEM_ALL, read(GROUP), ALLOW),
                row(USER_ALL, read(GROUP), ALLOW),
                row(SYSTEM_ALL, graphql("{Patient{id}}"), DENY),
                row(V2_ALL, graphql("{Patient{id}}"), DENY),
                row(PRACTITIONER, graphql("{Observation{id}}"), DENY),
                row(SYSTEM_ALL, operation("$export", server, export(ExportStyle.SYSTEM, null, "Observation")), ALLOW),
                row(SYSTEM_OBS, operation("$export", server, export(ExportStyle.SYSTEM, null, "Observation")), ALLOW),
                row(Token.system("system/*.read"), operation("$export", server, export(ExportStyle.SYSTEM, null,
                        "Observation", "Condition")), ALLOW),
                row(SYSTEM_OBS, operation("$export", server, export(ExportStyle.SYSTEM, null, "Condition")), DENY),
                row(SYSTEM_GRANULAR, operation("$export", server, export(ExportStyle.SYSTEM, null, "Observation")),
                        DENY),
                row(USER_ALL, operation("$export", server, export(ExportStyle.SYSTEM, null, "Observation")), DENY),
                row(SYSTEM_ALL, operation("Group/g1/$export", instance, export(ExportStyle.GROUP, "Group/g1",
                        "Observation")), ALLOW),
                row(WILDCARD_READ, operation("Group/g1/$export", instance, export(ExportStyle.GROUP, "Group/g1",
                        "Observation")), DENY),
                row(WILDCARD_READ, operation("Patient/A/$export", instance, export(ExportStyle.PATIENT, "Patient/A",
                        "Observation")), ALLOW),
                row(WILDCARD_READ, operation("Patient/B/$export", instance, export(ExportStyle.PATIENT, "Patient/B",
                        "Observation")), DENY),
                row(GRANULAR, operation("Patient/A/$export", instance, export(ExportStyle.PATIENT, "Patient/A",
                        "Observation")), DENY));
    }

    @ParameterizedTest(name = "{0} | {1} -> {2}")
    @MethodSource
    void writes(Token token, Call call, Verdict expected) {
        assertEquals(expected, PROBE.decide(token, call));
    }

    static Stream<Arguments> writes() {
        String criteria = "Observation?code=1234-5";
        return Stream.of(
                row(V1_READ, create(observation(null, "A", "laboratory")), DENY),
                row(V1_WRITE, create(observation(null, "A", "laboratory")), ALLOW),
                row(V1_WRITE, create(observation(null, "B", "laboratory")), DENY),
                row(V2_CREATE, create(observation(null, "A", "laboratory")), ALLOW),
                row(V2_CREATE, update(observation("a-lab", "A", "laboratory")), DENY),
                row(V2_UPDATE, update(observation("a-lab", "A", "laboratory")), ALLOW),
                row(V2_UPDATE, create(observation(null, "A", "laboratory")), DENY),
                row(V2_UPDATE, update(observation("b-lab", "B", "laboratory")), DENY),
                row(V2_UPDATE, patch(observation("a-lab", "A", "laboratory")), ALLOW),
                row(V2_UPDATE, patch(observation("b-lab", "B", "laboratory")), DENY),
                row(Token.patientA("patient/Practitioner.cruds"), create(P1.copy().setIdElement(null)), DENY),
                row(SYSTEM_ALL, create(observation(null, "B", "laboratory")), DENY),
                row(Token.system("system/Observation.cruds"), create(observation(null, "B", "laboratory")), ALLOW),
                row(V2_ALL, createIfNoneExist(observation(null, "A", "laboratory"), "identifier=x"), DENY),
                row(V2_ALL, conditional(RestOperationTypeEnum.UPDATE, criteria, observation(null, "A", "x")), DENY),
                row(V2_ALL, conditional(RestOperationTypeEnum.PATCH, criteria, null), DENY),
                row(V2_ALL, conditional(RestOperationTypeEnum.DELETE, criteria, null), DENY),
                row(Token.system("system/Observation.cruds"),
                        conditional(RestOperationTypeEnum.DELETE, criteria, null), DENY),
                row(V2_ALL, bundle(BundleType.TRANSACTION, "create for A",
                        entry(HTTPVerb.POST, "Observation", observation(null, "A", "laboratory"))), ALLOW),
                row(V2_ALL, bundle(BundleType.TRANSACTION, "create for B",
                        entry(HTTPVerb.POST, "Observation", observation(null, "B", "laboratory"))), DENY),
                row(V2_ALL, bundle(BundleType.BATCH, "create for B",
                        entry(HTTPVerb.POST, "Observation", observation(null, "B", "laboratory"))), DENY),
                row(V2_ALL, bundle(BundleType.TRANSACTION, "conditional create",
                        conditionalCreate()), DENY),
                row(V2_ALL, bundle(BundleType.BATCH, "conditional create", conditionalCreate()), DENY),
                row(V2_ALL, bundle(BundleType.TRANSACTION, "conditional update",
                        entry(HTTPVerb.PUT, criteria, observation(null, "A", "laboratory"))), DENY),
                row(V2_ALL, bundle(BundleType.BATCH, "conditional update",
                        entry(HTTPVerb.PUT, criteria, observation(null, "A", "laboratory"))), DENY),
                row(V2_ALL, bundle(BundleType.TRANSACTION, "conditional patch",
                        entry(HTTPVerb.PATCH, criteria, null)), DENY),
                row(V2_ALL, bundle(BundleType.BATCH, "conditional patch", entry(HTTPVerb.PATCH, criteria, null)),
                        DENY),
                row(V2_ALL, bundle(BundleType.TRANSACTION, "conditional delete",
                        entry(HTTPVerb.DELETE, criteria, null)), DENY),
                row(V2_ALL, bundle(BundleType.BATCH, "conditional delete", entry(HTTPVerb.DELETE, criteria, null)),
                        DENY));
    }

    private static org.hl7.fhir.r4.model.Bundle.BundleEntryComponent conditionalCreate() {
        org.hl7.fhir.r4.model.Bundle.BundleEntryComponent entry =
                entry(HTTPVerb.POST, "Observation", observation(null, "A", "laboratory"));
        entry.getRequest().setIfNoneExist("identifier=x");
        return entry;
    }

    private static Arguments row(Token token, Call call, Verdict expected) {
        return Arguments.of(token, call, expected);
    }
}
