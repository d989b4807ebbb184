package io.github.hapismart.hapi;

import ca.uhn.fhir.context.BaseRuntimeChildDefinition;
import ca.uhn.fhir.context.BaseRuntimeElementCompositeDefinition;
import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.RuntimeChildChoiceDefinition;
import ca.uhn.fhir.context.RuntimeResourceDefinition;
import ca.uhn.fhir.context.RuntimeSearchParam;
import ca.uhn.fhir.util.FhirTerser;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hl7.fhir.instance.model.api.IBase;
import org.hl7.fhir.instance.model.api.IBaseReference;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IIdType;

/**
 * The patients whose Patient compartment a resource is in, by logical id: a Patient is its own; any other resource
 * belongs to each Patient that one of the elements named by its type's Patient compartment parameters refers to.
 *
 * <p>What it guarantees: the same answer as HAPI's {@code FhirTerser.getCompartmentOwnersForResource("Patient", ...)}
 * restricted to {@code Patient} references (the audit trail's question: which patient's data a response carried).
 * It walks the same elements the same way; what it saves is the terser's per-call work, which the audit hook paid on
 * every resource of every search (50 per page): matching each path against a regular expression, splitting it,
 * building a visitor, a set and a copy of each reference's id. Here each type's paths are split once and kept;
 * a path this class does not walk itself (an {@code extension('...')} step) is handed to the terser, so nothing is
 * approximated. Thread-safe; one per {@link FhirContext}.
 */
final class PatientCompartmentOwners {

    /** The terser's form of a typed reference path, {@code X.subject.where(resolve() is Patient)}. */
    private static final Pattern RESOLVE_IS = Pattern.compile("([a-zA-Z.]+)\\.where\\(resolve\\(\\) is ([a-zA-Z]+)\\)");

    private final FhirContext context;
    private final FhirTerser terser;
    private final ConcurrentMap<String, List<ReferencePath>> pathsByType = new ConcurrentHashMap<>();

    PatientCompartmentOwners(FhirContext context) {
        this.context = Objects.requireNonNull(context, "context");
        this.terser = context.newTerser();
    }

    /** The context whose resource definitions this reads. */
    FhirContext context() {
        return context;
    }

    /** The logical ids of the patients whose compartment {@code resource} is in, sorted. */
    Set<String> of(IBaseResource resource) {
        Set<String> patients = new TreeSet<>();
        RuntimeResourceDefinition definition = context.getResourceDefinition(resource);
        if ("Patient".equals(definition.getName())) {
            if (resource.getIdElement().hasIdPart()) {
                patients.add(resource.getIdElement().getIdPart());
            }
            return patients;
        }
        for (ReferencePath path : pathsByType.computeIfAbsent(definition.getName(), type -> paths(definition))) {
            if (path.parts() == null) {
                terser.getValues(resource, path.source(), IBaseReference.class).forEach(ref -> add(ref, patients));
            } else {
                collect(definition, resource, path.parts(), 0, patients);
            }
        }
        return patients;
    }

    /**
     * The type's Patient compartment paths that can name a Patient, each split as the terser splits it. A path typed
     * to another resource ({@code where(resolve() is Practitioner)}) only ever yields that type, and a path that starts
     * with another type's name yields nothing on this one (a parameter shared by several types): both are left out.
     */
    private static List<ReferencePath> paths(RuntimeResourceDefinition definition) {
        List<ReferencePath> paths = new ArrayList<>();
        for (RuntimeSearchParam parameter : definition.getSearchParamsForCompartmentName("Patient")) {
            for (String path : parameter.getPathsSplit()) {
                Matcher typed = RESOLVE_IS.matcher(path);
                if (typed.matches()) {
                    if (!"Patient".equals(typed.group(2))) {
                        continue;
                    }
                    path = typed.group(1);
                }
                List<String> parts = split(path);
                String first = parts.get(0);
                if (Character.isUpperCase(first.charAt(0))) {
                    if (!first.equals(definition.getName())) {
                        continue;
                    }
                    parts = parts.subList(1, parts.size());
                }
                if (parts.isEmpty()) {
                    continue;
                }
                boolean walkable = parts.stream().allMatch(part -> part.matches("[A-Za-z0-9_]+(\\[x])?"));
                paths.add(new ReferencePath(path, walkable ? parts.toArray(String[]::new) : null));
            }
        }
        return List.copyOf(paths);
    }

    /** Splits on the dots outside single quotes, as the terser does. */
    private static List<String> split(String path) {
        List<String> parts = new ArrayList<>();
        int start = 0;
        boolean quoted = false;
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c == '\'') {
                quoted = !quoted;
            } else if (c == '.' && !quoted) {
                parts.add(path.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(path.substring(start));
        return parts;
    }

    /** The terser's walk of one path: each step's values by the child's accessor, a choice's last step by its name. */
    private void collect(BaseRuntimeElementCompositeDefinition<?> definition, IBase element, String[] parts, int step,
                         Set<String> patients) {
        BaseRuntimeChildDefinition child = definition.getChildByNameOrThrowDataFormatException(parts[step]);
        List<? extends IBase> values = child.getAccessor().getValues(element);
        if (step < parts.length - 1) {
            for (IBase value : values) {
                collect((BaseRuntimeElementCompositeDefinition<?>) context.getElementDefinition(value.getClass()),
                        value, parts, step + 1, patients);
            }
            return;
        }
        boolean choice = child instanceof RuntimeChildChoiceDefinition;
        for (IBase value : values) {
            if (value instanceof IBaseReference reference && (!choice || parts[step].endsWith("[x]")
                    || parts[step].equals(child.getChildNameByDatatype(value.getClass())))) {
                add(reference, patients);
            }
        }
    }

    /** Adds the patient {@code reference} names, if it names one (an in-memory target counts by its own id). */
    private void add(IBaseReference reference, Set<String> patients) {
        IIdType target = reference.getReferenceElement();
        String type = target.getResourceType();
        if ((target.getValue() == null || target.getValue().isBlank()) && reference.getResource() != null) {
            IBaseResource resource = reference.getResource();
            target = resource.getIdElement();
            type = target.hasResourceType() ? target.getResourceType() : context.getResourceType(resource);
        }
        if ("Patient".equals(type) && target.hasIdPart()) {
            patients.add(target.getIdPart());
        }
    }

    /**
     * One compartment path of a type: its text, and its steps after the type name, or {@code null} when the terser
     * walks it.
     */
    private record ReferencePath(String source, String[] parts) {
    }
}
