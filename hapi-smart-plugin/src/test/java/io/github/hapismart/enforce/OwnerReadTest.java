package io.github.hapismart.enforce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.interceptor.auth.AuthorizationInterceptor;
import ca.uhn.fhir.rest.server.interceptor.auth.AuthorizationInterceptor.Verdict;
import ca.uhn.fhir.rest.server.interceptor.auth.IAuthRule;
import ca.uhn.fhir.rest.server.interceptor.auth.PolicyEnum;
import io.github.hapismart.scope.AccessGrant;
import io.github.hapismart.scope.ScopeSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.Group;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;

/**
 * {@link SmartAuthorizationInterceptor}'s decision on the read of a Patient the grant reads as its compartment's
 * owner, taken without asking the rules in turn, against HAPI's own decision from the same rules: equal on every
 * combination of grant, operation and id or resource read, and the shortcut taken only where HAPI allows.
 */
class OwnerReadTest {

    private static final FhirContext FHIR = FhirContext.forR4Cached();

    /** Grants of every kind of reach: patient-bound, user, system, granular, read-only, search-only, none. */
    static final List<AccessGrant> GRANTS = List.of(
            grant("patient/*.rs", "A", null),
            grant("patient/*.r", "A", null),
            grant("patient/*.s", "A", null),
            grant("patient/Patient.r", "A", null),
            grant("patient/Patient.rs", "A", null),
            grant("patient/Patient.rs?gender=male", "A", null),
            grant("patient/Observation.rs?category=laboratory", "A", null),
            grant("patient/Observation.rs", "A", null),
            grant("patient/Patient.cud", "A", null),
            grant("patient/*.cruds", "A", null),
            grant("patient/Patient.rs patient/Group.rs", "A", null),
            grant("patient/Patient.read", "A", null),
            grant("user/*.rs", null, "Patient/A"),
            grant("user/Patient.r", null, "Patient/B"),
            grant("user/*.rs", null, "Practitioner/p1"),
            grant("system/*.rs", null, null),
            grant("system/Patient.r patient/Observation.rs", "A", null),
            grant("openid fhirUser launch/patient", "A", null));

    private static final List<RestOperationTypeEnum> OPERATIONS = List.of(RestOperationTypeEnum.READ,
            RestOperationTypeEnum.VREAD, RestOperationTypeEnum.SEARCH_TYPE, RestOperationTypeEnum.HISTORY_INSTANCE,
            RestOperationTypeEnum.UPDATE, RestOperationTypeEnum.DELETE, RestOperationTypeEnum.GET_PAGE);

    private static final List<Supplier<IIdType>> IDS = List.of(
            () -> new IdType("Patient/A"),
            () -> new IdType("Patient/A/_history/2"),
            () -> new IdType("http://example.org/fhir/Patient/A"),
            () -> new IdType("http://example.org/fhir/Patient/A/_history/7"),
            () -> new IdType("Patient/B"),
            () -> new IdType("Patient/a"),
            () -> new IdType("Patient"),
            () -> new IdType("A"),
            () -> new IdType("Observation/A"),
            () -> new IdType("Group/A"),
            () -> new IdType("Practitioner/A"));

    private static final List<Supplier<IBaseResource>> SHOWN = List.of(
            () -> new Patient().setId("A"),
            () -> new Patient().setId("Patient/A/_history/3"),
            () -> new Patient().setId("http://example.org/fhir/Patient/A"),
            () -> new Patient().setId("B"),
            Patient::new,
            () -> new Patient().addLink(new Patient.PatientLinkComponent().setOther(new Reference("Patient/A")))
                    .setId("C"),
            () -> new Observation().setSubject(new Reference("Patient/A")).setId("A"),
            () -> new Observation().setSubject(new Reference("Patient/B")).setId("A"),
            () -> new Group().setId("A"));

    @Test
    void everyReadIsDecidedAsHapiDecidesIt() {
        int shortcuts = 0;
        int compared = 0;
        List<String> differences = new ArrayList<>();
        for (AccessGrant grant : GRANTS) {
            SearchPlanner planner = new SearchPlanner(new ReachPolicy(UserAccessPolicy.SERVER_WIDE));
            SmartAuthorizationInterceptor smart = new SmartAuthorizationInterceptor(
                    new ScopeRuleCompiler(new ReachPolicy(UserAccessPolicy.SERVER_WIDE)), planner);
            smart.setAuthorizationSearchParamMatcher(new CategoryFilterMatcher());
            AuthorizationInterceptor hapi = new AuthorizationInterceptor(PolicyEnum.DENY) {
                @Override
                public List<IAuthRule> buildRuleList(ca.uhn.fhir.rest.api.server.RequestDetails request) {
                    return smart.buildRuleList(request);
                }
            };
            hapi.setAuthorizationSearchParamMatcher(new CategoryFilterMatcher());
            for (RestOperationTypeEnum operation : OPERATIONS) {
                for (Supplier<IIdType> id : IDS) {
                    String smartDecision = decide(smart, grant, operation, id.get(), null);
                    String hapiDecision = decide(hapi, grant, operation, id.get(), null);
                    shortcuts += smartDecision.equals("ALLOW by no rule") ? 1 : 0;
                    compared++;
                    record(differences, grant, operation, id.get(), smartDecision, hapiDecision);
                }
                for (Supplier<IBaseResource> shown : SHOWN) {
                    String smartDecision = decide(smart, grant, operation, null, shown.get());
                    String hapiDecision = decide(hapi, grant, operation, null, shown.get());
                    shortcuts += smartDecision.equals("ALLOW by no rule") ? 1 : 0;
                    compared++;
                    record(differences, grant, operation, shown.get().getIdElement(), smartDecision, hapiDecision);
                }
            }
        }
        assertEquals(List.of(), differences);
        assertEquals(GRANTS.size() * OPERATIONS.size() * (IDS.size() + SHOWN.size()), compared);
        // Reads and vreads (2) of Patient/A (four ids, three shown Patients: 7) by the eight grants that read it as
        // its owner, and of Patient/B (one id, one shown Patient: 2) by the one that reads B.
        assertEquals(2 * 7 * 8 + 2 * 2, shortcuts);
    }

    @Test
    void aRefusedReadIsStillNamedAfterTheRuleThatRefusedIt() {
        SmartAuthorizationInterceptor smart = new SmartAuthorizationInterceptor(
                new ScopeRuleCompiler(new ReachPolicy(UserAccessPolicy.SERVER_WIDE)));
        String decision = decide(smart, grant("patient/Patient.rs", "A", null), RestOperationTypeEnum.READ,
                new IdType("Patient/B"), null);
        assertTrue(decision.startsWith("DENY by smart:"), decision);
    }

    private static void record(List<String> differences, AccessGrant grant, RestOperationTypeEnum operation,
                               IIdType target, String smart, String hapi) {
        boolean same = smart.equals(hapi) || (smart.equals("ALLOW by no rule") && hapi.startsWith("ALLOW by "));
        if (!same) {
            differences.add(grant.scopes() + " " + operation + " " + target.getValue() + ": " + smart + " vs " + hapi);
        }
    }

    /** The decision, the name of the rule that took it (none for the shortcut), or the exception thrown. */
    private static String decide(AuthorizationInterceptor interceptor, AccessGrant grant,
                                 RestOperationTypeEnum operation, IIdType id, IBaseResource shown) {
        SystemRequestDetails request = new SystemRequestDetails();
        request.setFhirContext(FHIR);
        request.setRestOperationType(operation);
        request.setResourceName(id != null ? id.getResourceType() : shown.fhirType());
        request.setId(id);
        request.getUserData().put(AccessGrant.REQUEST_ATTRIBUTE, grant);
        try {
            Verdict verdict = interceptor.applyRulesAndReturnDecision(operation, request, null, id, shown,
                    shown == null ? Pointcut.SERVER_INCOMING_REQUEST_PRE_HANDLED : Pointcut.STORAGE_PRESHOW_RESOURCES);
            String text = verdict.toString();
            String rule = text.substring(text.indexOf("rule=") + 5, text.indexOf(",decision="));
            return verdict.getDecision() + " by " + (rule.equals("(none)") ? "no rule" : rule);
        } catch (RuntimeException e) {
            return e.getClass().getSimpleName();
        }
    }

    static AccessGrant grant(String scopes, String patient, String fhirUser) {
        return new AccessGrant("jti-" + Arrays.hashCode(new Object[] {scopes, patient, fhirUser}), "app", "alice",
                ScopeSet.parse(scopes), Optional.ofNullable(patient), Optional.empty(), Optional.ofNullable(fhirUser),
                Instant.EPOCH);
    }
}
