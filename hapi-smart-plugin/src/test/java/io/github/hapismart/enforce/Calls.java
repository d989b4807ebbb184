package io.github.hapismart.enforce;

import ca.uhn.fhir.rest.api.RequestTypeEnum;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.bulk.BulkExportJobParameters;
import io.github.hapismart.enforce.EnforcementProbe.Call;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Group;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

/**
 * A two-patient fixture (A and B: Observations, Conditions, a Practitioner, a Group of both) and the FHIR calls of the
 * verdict and search-plan tables, each as HAPI would have parsed it.
 */
final class Calls {

    static final String CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category";
    static final String LAB = "category=" + CATEGORY + "|laboratory";

    static final Patient PATIENT_A = (Patient) new Patient().setId("Patient/A");
    static final Patient PATIENT_B = (Patient) new Patient().setId("Patient/B");
    static final Observation A_LAB = observation("a-lab", "A", "laboratory");
    static final Observation A_VITAL = observation("a-vital", "A", "vital-signs");
    static final Observation B_LAB = observation("b-lab", "B", "laboratory");
    static final Condition A_COND = condition("a-cond", "A");
    static final Condition B_COND = condition("b-cond", "B");
    static final Practitioner P1 = (Practitioner) new Practitioner().setId("Practitioner/p1");
    static final Group GROUP = group();

    private Calls() {
    }

    static Call read(Resource resource) {
        String id = resource.getIdElement().getResourceType() + "/" + resource.getIdElement().getIdPart();
        return call("GET " + id, RestOperationTypeEnum.READ, RequestTypeEnum.GET, id, null, null, Map.of(), List.of(),
                null, List.of(resource));
    }

    /** {@code GET Type?query}, answering {@code response} if everything were allowed. */
    static Call search(String url, Resource... response) {
        return call("GET " + url, RestOperationTypeEnum.SEARCH_TYPE, RequestTypeEnum.GET, url, null, null, Map.of(),
                List.of(), null, List.of(response));
    }

    static Call call(String label, RestOperationTypeEnum operation, RequestTypeEnum method, String url, String name,
                     Resource body, Map<String, String> headers, List<Resource> stored,
                     BulkExportJobParameters export, List<Resource> response) {
        String path = url.contains("?") ? url.substring(0, url.indexOf('?')) : url;
        String query = url.contains("?") ? url.substring(url.indexOf('?') + 1) : "";
        String[] segments = path.isEmpty() ? new String[0] : path.split("/");
        String type = segments.length > 0 && !segments[0].startsWith("$") ? segments[0] : null;
        String id = segments.length > 1 && !segments[1].startsWith("$") ? segments[0] + "/" + segments[1] : null;
        return new Call(label, operation, method, type, id, query, name, body, headers, stored, export, response);
    }

    static Call create(Resource resource) {
        return call("POST " + resource.fhirType(), RestOperationTypeEnum.CREATE, RequestTypeEnum.POST,
                resource.fhirType(), null, resource, Map.of(), List.of(resource), null, List.of());
    }

    static Call createIfNoneExist(Resource resource, String criteria) {
        return call("POST " + resource.fhirType() + " If-None-Exist: " + criteria, RestOperationTypeEnum.CREATE,
                RequestTypeEnum.POST, resource.fhirType(), null, resource, Map.of("If-None-Exist", criteria),
                List.of(resource), null, List.of());
    }

    static Call update(Resource resource) {
        String id = resource.fhirType() + "/" + resource.getIdElement().getIdPart();
        return call("PUT " + id, RestOperationTypeEnum.UPDATE, RequestTypeEnum.PUT, id, null, resource, Map.of(),
                List.of(resource), null, List.of());
    }

    /** {@code PUT|PATCH|DELETE Type?criteria}. */
    static Call conditional(RestOperationTypeEnum operation, String url, Resource body) {
        RequestTypeEnum method = switch (operation) {
            case UPDATE -> RequestTypeEnum.PUT;
            case PATCH -> RequestTypeEnum.PATCH;
            default -> RequestTypeEnum.DELETE;
        };
        return call(method + " " + url, operation, method, url, null, body, Map.of(), List.of(), null, List.of());
    }

    static Call patch(Resource result) {
        String id = result.fhirType() + "/" + result.getIdElement().getIdPart();
        return call("PATCH " + id, RestOperationTypeEnum.PATCH, RequestTypeEnum.PATCH, id, null, null, Map.of(),
                List.of(result), null, List.of());
    }

    /** A batch or transaction; its creates and updates are checked in storage as HAPI JPA checks them. */
    static Call bundle(Bundle.BundleType type, String what, Bundle.BundleEntryComponent... entries) {
        Bundle bundle = EnforcementProbe.bundle(type, entries);
        List<Resource> stored = bundle.getEntry().stream()
                .filter(e -> e.getRequest().getMethod() == Bundle.HTTPVerb.POST
                        || e.getRequest().getMethod() == Bundle.HTTPVerb.PUT)
                .map(Bundle.BundleEntryComponent::getResource).toList();
        // HAPI's @Transaction binding answers both bundle types, and reports both as TRANSACTION.
        return call("POST / (" + type.toCode() + ": " + what + ")", RestOperationTypeEnum.TRANSACTION, RequestTypeEnum.POST, "", null, bundle,
                Map.of(), stored, null, List.of());
    }

    static Bundle.BundleEntryComponent entry(Bundle.HTTPVerb method, String url, Resource resource) {
        Bundle.BundleEntryComponent entry = new Bundle.BundleEntryComponent().setResource(resource);
        entry.getRequest().setMethod(method).setUrl(url);
        return entry;
    }

    /** {@code GET|POST [id]/$name}, answering {@code response}. */
    static Call operation(String url, RestOperationTypeEnum operation, BulkExportJobParameters export,
                          Resource... response) {
        String name = url.substring(url.indexOf('$'));
        return call("GET " + url, operation, RequestTypeEnum.GET, url, name, null, Map.of(), List.of(), export,
                List.of(response));
    }

    static BulkExportJobParameters export(BulkExportJobParameters.ExportStyle style, String patientOrGroup,
                                          String... types) {
        BulkExportJobParameters parameters = new BulkExportJobParameters();
        parameters.setExportStyle(style);
        parameters.setResourceTypes(List.of(types));
        if (style == BulkExportJobParameters.ExportStyle.PATIENT && patientOrGroup != null) {
            parameters.setPatientIds(List.of(patientOrGroup));
        } else if (style == BulkExportJobParameters.ExportStyle.GROUP) {
            parameters.setGroupId(patientOrGroup);
        }
        return parameters;
    }

    static Call graphql(String query) {
        return call("GET $graphql?query=" + query, RestOperationTypeEnum.GRAPHQL_REQUEST, RequestTypeEnum.GET,
                "$graphql", "$graphql", null, Map.of(), List.of(), null, List.of());
    }

    static Observation observation(String id, String patient, String category) {
        Observation observation = new Observation();
        if (id != null) {
            observation.setId("Observation/" + id);
        }
        observation.setStatus(Observation.ObservationStatus.FINAL);
        observation.setSubject(new Reference("Patient/" + patient));
        observation.addCategory(new CodeableConcept(new Coding(CATEGORY, category, null)));
        return observation;
    }

    private static Condition condition(String id, String patient) {
        Condition condition = new Condition();
        condition.setId("Condition/" + id);
        condition.setSubject(new Reference("Patient/" + patient));
        return condition;
    }

    private static Group group() {
        Group group = new Group();
        group.setId("Group/g1");
        group.addMember().setEntity(new Reference("Patient/A"));
        group.addMember().setEntity(new Reference("Patient/B"));
        return group;
    }
}
