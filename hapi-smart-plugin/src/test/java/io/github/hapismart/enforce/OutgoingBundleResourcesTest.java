package io.github.hapismart.enforce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.RestfulServer;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.interceptor.auth.AuthorizationInterceptor;
import io.github.hapismart.scope.AccessGrant;
import io.github.hapismart.scope.ScopeSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.hl7.fhir.instance.model.api.IBase;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.BackboneElement;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Element;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;

/**
 * {@link OutgoingBundleResources} against HAPI's own walk ({@link AuthorizationInterceptor#toListOfResourcesAndExcludeContainer}):
 * the same list, element for element, wherever it answers one, and no answer wherever an extension could hold a
 * resource that HAPI's walk would find.
 */
class OutgoingBundleResourcesTest {

    private static final FhirContext FHIR = FhirContext.forR4Cached();

    @Test
    void aSearchPageGivesHapisListInHapisOrder() {
        Bundle page = searchPage();
        List<IBaseResource> hapi = AuthorizationInterceptor.toListOfResourcesAndExcludeContainer(page, FHIR);
        assertEquals(4, hapi.size(), "three matches and the include; the OperationOutcome is not checked");

        assertSameInstances(hapi, OutgoingBundleResources.of(page));
    }

    @Test
    void aHistoryBundleWithOutcomesDeletionsEmptyAndRepeatedResourcesGivesHapisList() {
        Observation shared = observation("o-shared", "A");
        Bundle history = new Bundle().setType(Bundle.BundleType.HISTORY);
        history.addEntry().setFullUrl("http://x/Observation/o-shared").setResource(shared).getResponse()
                .setStatus("200").setOutcome(new OperationOutcome().addIssue(new OperationOutcome
                        .OperationOutcomeIssueComponent().setDiagnostics("note")));
        history.addEntry().getRequest().setMethod(Bundle.HTTPVerb.DELETE).setUrl("Observation/gone");
        history.addEntry().setResource(new Observation()); // empty: HAPI's walk skips it
        history.addEntry().setResource(shared); // the same instance twice: checked twice
        history.addEntry().setResource(new Bundle().setType(Bundle.BundleType.COLLECTION)
                .addEntry(new Bundle.BundleEntryComponent().setResource(observation("nested", "B"))));

        assertSameInstances(AuthorizationInterceptor.toListOfResourcesAndExcludeContainer(history, FHIR),
                OutgoingBundleResources.of(history));
    }

    @Test
    void anExtensionHoldingAResourceAnywhereOutsideTheEntriesResourcesMakesItDefer() {
        assertEquals(List.of(), positionsAnswered(element -> {
            element.addExtension(resourceHoldingExtension());
            return true;
        }));
    }

    @Test
    void aModifierExtensionOnAnyBackboneElementMakesItDefer() {
        assertEquals(List.of(), positionsAnswered(element -> {
            if (element instanceof BackboneElement backbone) {
                backbone.addModifierExtension(resourceHoldingExtension());
                return true;
            }
            return false;
        }));
    }

    /**
     * The elements of a fresh {@link #fullBundle()}, one at a time, that {@code mark} changed (it answers whether it
     * did) and for which the class still answered a list, as {@code type #position}.
     */
    private static List<String> positionsAnswered(Predicate<Element> mark) {
        int positions = elementsOf(fullBundle()).size();
        List<String> answered = new ArrayList<>();
        for (int i = 0; i < positions; i++) {
            Bundle bundle = fullBundle();
            Element element = elementsOf(bundle).get(i);
            if (mark.test(element) && OutgoingBundleResources.of(bundle) != null) {
                answered.add(element.fhirType() + " #" + i);
            }
        }
        return answered;
    }

    @Test
    void anIdentifierOrASignatureMakesItDefer() {
        Bundle withIdentifier = searchPage();
        withIdentifier.getIdentifier().setSystem("urn:x").setAssigner(new Reference(new Patient().setActive(true)));
        Bundle withSignature = searchPage();
        withSignature.getSignature().setWho(new Reference(new Patient().setActive(true)));

        assertEquals(List.of(true, true), List.of(OutgoingBundleResources.of(withIdentifier) == null,
                OutgoingBundleResources.of(withSignature) == null));
    }

    @Test
    void documentsMessagesCollectionsAndOtherResponsesAreLeftToHapi() {
        List<Boolean> deferred = new ArrayList<>();
        for (Bundle.BundleType type : List.of(Bundle.BundleType.DOCUMENT, Bundle.BundleType.MESSAGE,
                Bundle.BundleType.COLLECTION)) {
            deferred.add(OutgoingBundleResources.of(searchPage().setType(type)) == null);
        }
        deferred.add(OutgoingBundleResources.of(observation("o1", "A")) == null);
        deferred.add(OutgoingBundleResources.of(null) == null);
        deferred.add(OutgoingBundleResources.of(new Bundle() { }) == null); // a subclass: not vouched for

        assertEquals(List.of(true, true, true, true, true, true), deferred);
    }

    @Test
    void theInterceptorRefusesAPageWithAResourceOutsideTheGrant() {
        SmartEnforcement enforcement = SmartEnforcement.create(new ReachPolicy(UserAccessPolicy.SERVER_WIDE), null,
                jobId -> Optional.empty());
        SystemRequestDetails request = patientASearch();
        enforcement.narrowing().planAndNarrow(request, null, null);
        Bundle page = searchPage();
        page.addEntry().setResource(new Condition().setSubject(new Reference("Patient/B")).setId("Condition/b-cond"));
        assertNotNull(OutgoingBundleResources.of(page), "the page takes the fast path");

        assertThrows(ForbiddenOperationException.class, () -> enforcement.authorization()
                .hookOutgoingResponse(request, page, Pointcut.SERVER_OUTGOING_RESPONSE));
    }

    @Test
    void theInterceptorLetsAPageOfTheGrantsOwnResourcesThrough() {
        SmartEnforcement enforcement = SmartEnforcement.create(new ReachPolicy(UserAccessPolicy.SERVER_WIDE), null,
                jobId -> Optional.empty());
        SystemRequestDetails request = patientASearch();
        enforcement.narrowing().planAndNarrow(request, null, null);
        Bundle page = searchPage();
        page.addEntry().setResource(new Condition().setSubject(new Reference("Patient/A")).setId("Condition/a-cond"));

        enforcement.authorization().hookOutgoingResponse(request, page, Pointcut.SERVER_OUTGOING_RESPONSE);
    }

    private static SystemRequestDetails patientASearch() {
        SystemRequestDetails request = new SystemRequestDetails();
        request.setFhirContext(FHIR);
        request.setServer(new RestfulServer(FHIR));
        request.setRestOperationType(RestOperationTypeEnum.SEARCH_TYPE);
        request.setResourceName("Observation");
        request.setParameters(Map.of("patient", new String[] {"A"}));
        request.getUserData().put(AccessGrant.REQUEST_ATTRIBUTE, new AccessGrant("jti", "app", "alice",
                ScopeSet.parse("patient/*.rs"), Optional.of("A"), Optional.empty(),
                Optional.empty(), Instant.EPOCH.plusSeconds(3600)));
        return request;
    }

    /** A page as HAPI JPA writes one: meta, total, links, matches, an include and an OperationOutcome warning. */
    private static Bundle searchPage() {
        Bundle page = new Bundle().setType(Bundle.BundleType.SEARCHSET).setTotal(3);
        page.setId("page-1");
        page.getMeta().setLastUpdated(new Date(0));
        page.addLink().setRelation("self").setUrl("http://x/fhir/Observation?patient=A");
        page.addLink().setRelation("next").setUrl("http://x/fhir?_getpages=abc&_getpagesoffset=50");
        for (int i = 0; i < 3; i++) {
            page.addEntry().setFullUrl("http://x/fhir/Observation/o" + i).setResource(observation("o" + i, "A"))
                    .getSearch().setMode(Bundle.SearchEntryMode.MATCH);
        }
        page.addEntry().setFullUrl("http://x/fhir/Patient/A").setResource(new Patient().setActive(true).setId("A"))
                .getSearch().setMode(Bundle.SearchEntryMode.INCLUDE);
        page.addEntry().setResource(new OperationOutcome().addIssue(new OperationOutcome
                .OperationOutcomeIssueComponent().setDiagnostics("warning"))).getSearch()
                .setMode(Bundle.SearchEntryMode.OUTCOME);
        return page;
    }

    /** A Bundle with every element of its own set, so that each is a place an extension could sit. */
    private static Bundle fullBundle() {
        Bundle bundle = new Bundle().setType(Bundle.BundleType.SEARCHSET).setTotal(1)
                .setTimestamp(new Date(0));
        bundle.setId("b1");
        bundle.setImplicitRules("http://rules").setLanguage("en");
        bundle.getMeta().setVersionId("1").setLastUpdated(new Date(0)).setSource("urn:source")
                .addProfile("http://profile").addSecurity(new Coding("urn:s", "c", "d").setVersion("1")
                        .setUserSelected(true)).addTag(new Coding("urn:t", "t", "T"));
        bundle.addLink().setRelation("self").setUrl("http://x");
        Bundle.BundleEntryComponent entry = bundle.addEntry().setFullUrl("http://x/Observation/o1")
                .setResource(observation("o1", "A"));
        entry.addLink().setRelation("alternate").setUrl("http://y");
        entry.getSearch().setMode(Bundle.SearchEntryMode.MATCH).setScore(1);
        entry.getRequest().setMethod(Bundle.HTTPVerb.GET).setUrl("Observation/o1").setIfNoneMatch("W/\"1\"")
                .setIfModifiedSince(new Date(0)).setIfMatch("W/\"1\"").setIfNoneExist("code=x");
        entry.getResponse().setStatus("200").setLocation("Observation/o1/_history/1").setEtag("W/\"1\"")
                .setLastModified(new Date(0)).setOutcome(new OperationOutcome().addIssue(
                        new OperationOutcome.OperationOutcomeIssueComponent().setDiagnostics("ok")));
        return bundle;
    }

    /** The Bundle's own elements (not those inside its resources), in HAPI's walk order. */
    private static List<Element> elementsOf(Bundle bundle) {
        List<Element> elements = new ArrayList<>();
        for (IBase element : FHIR.newTerser().getAllPopulatedChildElementsOfType(bundle, IBase.class)) {
            if (element instanceof Element e) {
                elements.add(e);
            }
        }
        return elements;
    }

    private static Extension resourceHoldingExtension() {
        return new Extension("http://example.org/holds-a-resource",
                new Reference(new Patient().setActive(true))); // no id: HAPI's walk descends into it
    }

    private static Observation observation(String id, String patient) {
        Observation observation = new Observation().setStatus(Observation.ObservationStatus.FINAL)
                .setSubject(new Reference("Patient/" + patient));
        observation.setId("Observation/" + id);
        return observation;
    }

    private static void assertSameInstances(List<IBaseResource> expected, List<IBaseResource> actual) {
        assertNotNull(actual, "the Bundle should not be left to HAPI's walk");
        IdentityHashMap<IBaseResource, Integer> index = new IdentityHashMap<>();
        List<Integer> expectedOrder = new ArrayList<>();
        List<Integer> actualOrder = new ArrayList<>();
        for (IBaseResource resource : expected) {
            expectedOrder.add(index.computeIfAbsent(resource, r -> index.size()));
        }
        for (IBaseResource resource : actual) {
            actualOrder.add(index.getOrDefault(resource, -1));
        }
        assertEquals(expectedOrder, actualOrder);
    }
}
