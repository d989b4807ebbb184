package io.github.hapismart.enforce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.SimplePreResourceShowDetails;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.RestfulServer;
import ca.uhn.fhir.rest.server.interceptor.auth.AuthorizationInterceptor;
import ca.uhn.fhir.rest.server.interceptor.auth.AuthorizationInterceptor.Verdict;
import ca.uhn.fhir.rest.server.interceptor.auth.IAuthRule;
import ca.uhn.fhir.rest.server.interceptor.auth.PolicyEnum;
import io.github.hapismart.scope.AccessGrant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Group;
import org.hl7.fhir.r4.model.Medication;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;

/**
 * {@link SmartAuthorizationInterceptor}'s incoming decision on a type search that its plan confined to the grant's
 * reach, taken without walking the rules, against HAPI's decision from the same rules: on every grant, searched type
 * and parameter set below, taken as the parameters the database runs (so every narrowing's outcome is among them),
 * the shortcut is taken only where HAPI allows, and every other decision is HAPI's own; likewise the decision on each
 * resource such a search could show, before it is shown and in the outgoing Bundle.
 */
class SearchInReachTest {

    private static final FhirContext FHIR = FhirContext.forR4Cached();

    private static final List<AccessGrant> GRANTS = Stream.concat(OwnerReadTest.GRANTS.stream(), Stream.of(
            OwnerReadTest.grant("patient/Observation.s", "A", null),
            OwnerReadTest.grant("patient/Observation.r", "A", null),
            OwnerReadTest.grant("user/Observation.rs", null, "Practitioner/p1"),
            OwnerReadTest.grant("patient/Observation.rs?category=laboratory patient/Observation.rs?category=vital-signs",
                    "A", null),
            OwnerReadTest.grant("patient/Condition.rs patient/Observation.r", "A", null),
            OwnerReadTest.grant("patient/Observation.rs user/Observation.rs", "A", "Practitioner/p1"),
            OwnerReadTest.grant("patient/Medication.rs patient/Practitioner.rs", "A", null))).toList();

    private static final List<String> TYPES =
            List.of("Observation", "Condition", "Patient", "Group", "Medication", "Practitioner", "AuditEvent");

    /** Each as {@code name=value&...}; a value with commas is one OR-ed list, as in a URL. */
    private static final List<String> PARAMETERS = List.of(
            "",
            "patient=A",
            "patient=Patient/A",
            "patient=Patient/A,Patient/A",
            "patient=A,B",
            "patient=Patient/A,Patient/B",
            "patient=B",
            "patient= Patient/A",
            "patient=Patient/A\\,B",
            "patient=http://example.org/fhir/Patient/A",
            "patient:missing=false",
            "patient.name=A",
            "subject=Patient/A",
            "subject=A",
            "subject=Group/A",
            "performer=Patient/A",
            "patient=A&patient=B",
            "patient=Patient/A&category=laboratory",
            "patient=Patient/A&category=vital-signs",
            "category=laboratory",
            "patient=A&_include=Observation:subject",
            "patient=A&_revinclude=Provenance:target",
            "patient=A&_contained=true",
            "_id=A",
            "_id=A&patient=Patient/A",
            "link=Patient/A",
            "member=Patient/A",
            "member=A",
            "code=1234-5");

    @Test
    void everyIncomingTypeSearchIsDecidedAsHapiDecidesIt() {
        int shortcuts = 0;
        int compared = 0;
        List<String> differences = new ArrayList<>();
        for (AccessGrant grant : GRANTS) {
            Deciders deciders = Deciders.withMatcher(true);
            SearchPlanner planner = deciders.planner();
            SmartAuthorizationInterceptor smart = deciders.smart();
            AuthorizationInterceptor hapi = deciders.hapi();
            for (String type : TYPES) {
                for (String parameters : PARAMETERS) {
                    String smartDecision = decide(smart, planner, grant, type, parameters);
                    String hapiDecision = decide(hapi, planner, grant, type, parameters);
                    shortcuts += smartDecision.equals("ALLOW by no rule") ? 1 : 0;
                    compared++;
                    boolean same = smartDecision.equals(hapiDecision)
                            || (smartDecision.equals("ALLOW by no rule") && hapiDecision.startsWith("ALLOW by "));
                    if (!same) {
                        differences.add(grant.scopes() + " " + type + "?" + parameters + ": " + smartDecision
                                + " vs " + hapiDecision);
                    }
                }
            }
        }
        assertEquals(List.of(), differences);
        assertEquals(GRANTS.size() * TYPES.size() * PARAMETERS.size(), compared);
        // The three server-wide grants on each type they search but Patient, with every parameter set but the three
        // that bring in other resources (26 each; six types for system/*.rs and the practitioner's user/*.rs, one for
        // user/Observation.rs: 338), and the grants bound to A only where a compartment parameter names A in every
        // alternative (400). Counted on the first run; a change that takes the shortcut more or less often changes it.
        assertEquals(738, shortcuts);
    }

    /** Resources a search could return: of each searched type, in A's compartment, in B's, and in no one's. */
    private static final List<Supplier<IBaseResource>> SHOWN = List.of(
            () -> new Observation().setSubject(new Reference("Patient/A")).setId("o1"),
            () -> new Observation().setSubject(new Reference("Patient/B")).setId("o2"),
            () -> new Observation().setId("o3"),
            () -> new Condition().setSubject(new Reference("Patient/A")).setId("c1"),
            () -> new Condition().setSubject(new Reference("Patient/B")).setId("c2"),
            () -> new Patient().setId("A"),
            () -> new Patient().setId("B"),
            () -> new Group().addMember(new Group.GroupMemberComponent(new Reference("Patient/A"))).setId("g1"),
            () -> new Medication().setId("m1"),
            () -> new Practitioner().setId("p1"),
            () -> new AuditEvent().addEntity(new AuditEvent.AuditEventEntityComponent()
                    .setWhat(new Reference("Patient/A"))).setId("a1"));

    @Test
    void everyResultOfATypeSearchIsDecidedAsHapiDecidesIt() {
        int shortcuts = 0;
        int compared = 0;
        List<String> differences = new ArrayList<>();
        for (AccessGrant grant : GRANTS) {
            Deciders deciders = Deciders.withMatcher(true);
            SearchPlanner planner = deciders.planner();
            SmartAuthorizationInterceptor smart = deciders.smart();
            AuthorizationInterceptor hapi = deciders.hapi();
            for (String type : TYPES) {
                for (String parameters : PARAMETERS) {
                    for (Supplier<IBaseResource> shown : SHOWN) {
                        for (Pointcut pointcut : List.of(Pointcut.STORAGE_PRESHOW_RESOURCES,
                                Pointcut.SERVER_OUTGOING_RESPONSE)) {
                            String smartDecision = decide(smart, planner, grant, type, parameters, shown.get(),
                                    pointcut);
                            String hapiDecision = decide(hapi, planner, grant, type, parameters, shown.get(),
                                    pointcut);
                            shortcuts += smartDecision.equals("ALLOW by no rule") ? 1 : 0;
                            compared++;
                            if (!smartDecision.equals(hapiDecision) && !(smartDecision.equals("ALLOW by no rule")
                                    && hapiDecision.equals("ALLOW by " + ScopeRuleCompiler.IN_REACH_RULE))) {
                                differences.add(grant.scopes() + " " + type + "?" + parameters + " shows "
                                        + shown.get().getIdElement().getValue() + " at " + pointcut + ": "
                                        + smartDecision + " vs " + hapiDecision);
                            }
                        }
                    }
                }
            }
        }
        assertEquals(List.of(), differences);
        assertEquals(GRANTS.size() * TYPES.size() * PARAMETERS.size() * SHOWN.size() * 2, compared);
        // Each resource of the searched type, before it is shown and in the Bundle, for each search whose plan is in
        // reach: the 738 incoming shortcuts above (1,130 resources by their types) and 60 Patient searches (120).
        assertEquals(2 * (1_130 + 120), shortcuts);
    }

    @Test
    void everyPageAboutToBeShownIsCheckedAsHapiChecksIt() {
        List<Supplier<List<IBaseResource>>> pages = new ArrayList<>();
        SHOWN.forEach(shown -> pages.add(() -> List.of(shown.get())));
        pages.add(() -> List.of(SHOWN.get(0).get(), SHOWN.get(1).get()));
        pages.add(() -> Arrays.asList(SHOWN.get(0).get(), null));
        pages.add(() -> List.of(bundleOf(new Patient().setId("B"))));
        pages.add(() -> List.of(bundleOf(SHOWN.get(0).get())));
        List<String> types = Stream.concat(TYPES.stream(), Stream.of("Bundle")).toList();
        int refused = 0;
        List<String> differences = new ArrayList<>();
        // One more grant, whose Bundle searches stay in reach while the Patients inside a Bundle may not.
        List<AccessGrant> grants = Stream.concat(GRANTS.stream(),
                Stream.of(OwnerReadTest.grant("system/Bundle.rs patient/Patient.rs", "A", null))).toList();
        for (AccessGrant grant : grants) {
            Deciders deciders = Deciders.withMatcher(true);
            SearchPlanner planner = deciders.planner();
            SmartAuthorizationInterceptor smart = deciders.smart();
            AuthorizationInterceptor hapi = deciders.hapi();
            for (String type : types) {
                for (String parameters : PARAMETERS) {
                    for (Supplier<List<IBaseResource>> page : pages) {
                        String smartOutcome = show(smart, planner, grant, type, parameters, page.get());
                        String hapiOutcome = show(hapi, planner, grant, type, parameters, page.get());
                        refused += smartOutcome.equals("shown") ? 0 : 1;
                        if (!smartOutcome.equals(hapiOutcome)) {
                            differences.add(grant.scopes() + " " + type + "?" + parameters + " shows " + page.get()
                                    + ": " + smartOutcome + " vs " + hapiOutcome);
                        }
                    }
                }
            }
        }
        assertEquals(List.of(), differences);
        // Of 26 x 8 x 29 x 15 = 90,480 pages, those HAPI refuses too (every difference above would be listed);
        // counted on the first run, so that a change in what the grants reach shows here.
        assertEquals(58_706, refused);
    }

    /** What HAPI's check before showing {@code page} of that search does: nothing, or the refusal it throws. */
    private static String show(AuthorizationInterceptor interceptor, SearchPlanner planner, AccessGrant grant,
                               String type, String parameters, List<IBaseResource> page) {
        SystemRequestDetails request = request(planner, grant, type, parameters);
        request.setServer(new RestfulServer(FHIR));
        try {
            interceptor.hookPreShow(request, new SimplePreResourceShowDetails(page),
                    Pointcut.STORAGE_PRESHOW_RESOURCES);
            return "shown";
        } catch (RuntimeException e) {
            return e.getClass().getSimpleName() + ": " + e.getMessage();
        }
    }

    /** A stored Bundle of a type whose entries HAPI checks one by one (it checks a document or collection whole). */
    private static Bundle bundleOf(IBaseResource resource) {
        Bundle bundle = new Bundle().setType(Bundle.BundleType.TRANSACTION);
        bundle.addEntry().setResource((org.hl7.fhir.r4.model.Resource) resource);
        return bundle;
    }

    @Test
    void theBenchmarksNarrowedSearchesAreShortcut() {
        Deciders deciders = Deciders.withMatcher(true);
        SearchPlanner planner = deciders.planner();
        SmartAuthorizationInterceptor smart = deciders.smart();
        assertEquals("ALLOW by no rule", decide(smart, planner, OwnerReadTest.grant("patient/*.rs", "A", null),
                "Observation", "patient=A"));
        assertEquals("ALLOW by no rule", decide(smart, planner,
                OwnerReadTest.grant("patient/Observation.rs?category=laboratory", "A", null), "Observation",
                "patient=A&category=laboratory"));
    }

    @Test
    void withoutAGranularQueryMatcherNoSearchIsShortcut() {
        Deciders deciders = Deciders.withMatcher(false);
        SearchPlanner planner = deciders.planner();
        SmartAuthorizationInterceptor smart = deciders.smart();
        assertEquals("DENY by smart:default-deny", decide(smart, planner,
                OwnerReadTest.grant("patient/Observation.rs?category=laboratory", "A", null), "Observation",
                "patient=Patient/A&category=laboratory"));
    }

    /**
     * The interceptor under test and HAPI's own on the same compiled rules, with or without the granular query
     * matcher; one set per grant, as each keeps its grants' rules.
     */
    private record Deciders(SearchPlanner planner, SmartAuthorizationInterceptor smart, AuthorizationInterceptor hapi) {

        static Deciders withMatcher(boolean matcher) {
            ReachPolicy policy = new ReachPolicy(UserAccessPolicy.SERVER_WIDE);
            SearchPlanner planner = new SearchPlanner(policy);
            SmartAuthorizationInterceptor smart =
                    new SmartAuthorizationInterceptor(new ScopeRuleCompiler(policy), planner);
            AuthorizationInterceptor hapi = new AuthorizationInterceptor(PolicyEnum.DENY) {
                @Override
                public List<IAuthRule> buildRuleList(RequestDetails request) {
                    return smart.buildRuleList(request);
                }
            };
            if (matcher) {
                smart.setAuthorizationSearchParamMatcher(new CategoryFilterMatcher());
                hapi.setAuthorizationSearchParamMatcher(new CategoryFilterMatcher());
            }
            return new Deciders(planner, smart, hapi);
        }
    }

    /** The incoming decision on {@code GET type?parameters} planned by {@code planner}, as the hooks leave it. */
    private static String decide(AuthorizationInterceptor interceptor, SearchPlanner planner, AccessGrant grant,
                                 String type, String parameters) {
        return decide(interceptor, planner, grant, type, parameters, null,
                Pointcut.SERVER_INCOMING_REQUEST_PRE_HANDLED);
    }

    /** The decision on {@code shown} (null: on the incoming request) at {@code pointcut} of that search. */
    private static String decide(AuthorizationInterceptor interceptor, SearchPlanner planner, AccessGrant grant,
                                 String type, String parameters, IBaseResource shown, Pointcut pointcut) {
        try {
            SystemRequestDetails request = request(planner, grant, type, parameters);
            Verdict verdict = interceptor.applyRulesAndReturnDecision(RestOperationTypeEnum.SEARCH_TYPE, request,
                    null, null, shown, pointcut);
            String text = verdict.toString();
            String rule = text.substring(text.indexOf("rule=") + 5, text.indexOf(",decision="));
            return verdict.getDecision() + " by " + (rule.equals("(none)") ? "no rule" : rule);
        } catch (RuntimeException e) {
            return e.getClass().getSimpleName();
        }
    }

    /** {@code GET type?parameters} by {@code grant}, planned by {@code planner}, as the planning hook leaves it. */
    private static SystemRequestDetails request(SearchPlanner planner, AccessGrant grant, String type,
                                                String parameters) {
        SystemRequestDetails request = new SystemRequestDetails();
        request.setFhirContext(FHIR);
        request.setRestOperationType(RestOperationTypeEnum.SEARCH_TYPE);
        request.setResourceName(type);
        request.setParameters(parse(parameters));
        request.getUserData().put(AccessGrant.REQUEST_ATTRIBUTE, grant);
        SearchPlanner.Planned planned = planner.planTopLevel(request);
        planned.narrowedParameters().ifPresent(request::setParameters);
        EnforcementRequest.attach(request, planned.plan());
        return request;
    }

    private static Map<String, String[]> parse(String query) {
        Map<String, List<String>> values = new LinkedHashMap<>();
        for (String pair : query.split("&")) {
            if (!pair.isEmpty()) {
                int equals = pair.indexOf('=');
                values.computeIfAbsent(pair.substring(0, equals), name -> new ArrayList<>())
                        .add(pair.substring(equals + 1));
            }
        }
        Map<String, String[]> parameters = new LinkedHashMap<>();
        values.forEach((name, list) -> parameters.put(name, list.toArray(String[]::new)));
        return parameters;
    }
}
