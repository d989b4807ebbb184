package io.github.hapismart.enforce;

import ca.uhn.fhir.interceptor.api.HookParams;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.annotation.Create;
import ca.uhn.fhir.rest.annotation.Delete;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.annotation.ResourceParam;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.annotation.Update;
import ca.uhn.fhir.rest.api.MethodOutcome;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.IPreResourceAccessDetails;
import ca.uhn.fhir.rest.api.server.SimplePreResourceAccessDetails;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.servlet.ServletRequestDetails;
import ca.uhn.fhir.rest.server.SimpleBundleProvider;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

/**
 * A tiny in-memory FHIR type provider for authorization tests: read, create, update, delete and a search that
 * understands {@code _id}, {@code patient}/{@code subject} and {@code category} (enough for search narrowing).
 */
class InMemoryProvider<T extends Resource> implements IResourceProvider {

    private final Class<T> type;
    private final Map<String, T> resources = new ConcurrentHashMap<>();
    private final AtomicInteger nextId = new AtomicInteger(1000);

    InMemoryProvider(Class<T> type) {
        this.type = type;
    }

    InMemoryProvider<T> with(T resource) {
        resources.put(resource.getIdElement().getIdPart(), resource);
        return this;
    }

    int size() {
        return resources.size();
    }

    @Override
    public Class<T> getResourceType() {
        return type;
    }

    @Read(version = true)
    public T read(@IdParam IdType id, RequestDetails request) {
        T found = resources.get(id.getIdPart());
        List<T> visible = found == null ? List.of() : preAccess(List.of(found), request);
        if (visible.isEmpty()) {
            throw new ResourceNotFoundException(id);
        }
        return visible.get(0);
    }

    @Create
    public MethodOutcome create(@ResourceParam T resource) {
        String id = String.valueOf(nextId.getAndIncrement());
        resource.setId(new IdType(resource.fhirType(), id));
        resources.put(id, resource);
        return new MethodOutcome(resource.getIdElement(), true).setResource(resource);
    }

    @Update
    public MethodOutcome update(@IdParam IdType id, @ResourceParam T resource) {
        resource.setId(new IdType(resource.fhirType(), id.getIdPart()));
        resources.put(id.getIdPart(), resource);
        return new MethodOutcome(resource.getIdElement(), false).setResource(resource);
    }

    @Delete
    public MethodOutcome delete(@IdParam IdType id) {
        resources.remove(id.getIdPart());
        return new MethodOutcome();
    }

    @Search(allowUnknownParams = true)
    public IBundleProvider search(RequestDetails request) {
        Map<String, String[]> params = request.getParameters();
        List<T> matches = resources.values().stream()
                .filter(r -> matchesAll(params.get("_id"), v -> idPart(v).equals(r.getIdElement().getIdPart())))
                .filter(r -> matchesAll(params.get("patient"), v -> idPart(v).equals(subjectId(r))))
                .filter(r -> matchesAll(params.get("subject"), v -> idPart(v).equals(subjectId(r))))
                .filter(r -> matchesAll(params.get("category"), v -> hasCategory(r, v)))
                .sorted((a, b) -> a.getIdElement().getIdPart().compareTo(b.getIdElement().getIdPart()))
                .toList();
        return new SimpleBundleProvider(preAccess(matches, request));
    }

    /** Fires STORAGE_PREACCESS_RESOURCES the way HAPI JPA (and HashMapResourceProvider) do; consent hooks need it. */
    private List<T> preAccess(List<T> found, RequestDetails request) {
        List<T> result = new java.util.ArrayList<>(found);
        SimplePreResourceAccessDetails details = new SimplePreResourceAccessDetails(result);
        request.getInterceptorBroadcaster().callHooks(Pointcut.STORAGE_PREACCESS_RESOURCES, new HookParams()
                .add(RequestDetails.class, request)
                .addIfMatchesType(ServletRequestDetails.class, request)
                .add(IPreResourceAccessDetails.class, details));
        details.applyFilterToList();
        return result;
    }

    /** AND over repeated parameters, OR over comma-separated values. */
    private static boolean matchesAll(String[] values, java.util.function.Predicate<String> test) {
        return values == null || Arrays.stream(values).allMatch(v -> Arrays.stream(v.split(",")).anyMatch(test));
    }

    private static String idPart(String reference) {
        return reference.substring(reference.lastIndexOf('/') + 1);
    }

    static String subjectId(Resource resource) {
        Reference subject = resource instanceof Observation o ? o.getSubject()
                : resource instanceof Condition c ? c.getSubject() : null;
        return subject == null || !subject.hasReference() ? "" : idPart(subject.getReference());
    }

    static boolean hasCategory(Resource resource, String token) {
        List<CodeableConcept> categories = resource instanceof Observation o ? o.getCategory()
                : resource instanceof Condition c ? c.getCategory() : List.of();
        int bar = token.indexOf('|');
        String system = bar < 0 ? null : token.substring(0, bar);
        String code = bar < 0 ? token : token.substring(bar + 1);
        return categories.stream().flatMap(cc -> cc.getCoding().stream())
                .anyMatch(c -> code.equals(c.getCode()) && (system == null || system.equals(c.getSystem())));
    }
}
