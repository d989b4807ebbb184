package io.github.hapismart.hapi;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.SortSpec;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.StringParam;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import io.github.hapismart.authorize.PatientDirectory;
import io.github.hapismart.authorize.PatientSummary;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Patient;

/**
 * The patient picker's directory on a HAPI JPA server: searches the server's Patient DAO by name, sorted by family
 * name, as a system request (the picker runs before any token exists). It only reads, never writes, and answers an
 * id that is not a plausible FHIR id with "not found" rather than a search. One of the classes touching the optional
 * {@code hapi-fhir-storage} dependency; the Spring Boot auto-configuration provides it when a {@code DaoRegistry}
 * bean exists.
 */
public final class JpaPatientDirectory implements PatientDirectory {

    private final DaoRegistry daos;

    /** A directory on the JPA server's DAOs (HAPI's {@code DaoRegistry} bean). */
    public JpaPatientDirectory(DaoRegistry daos) {
        this.daos = java.util.Objects.requireNonNull(daos, "daos");
    }

    @Override
    public List<PatientSummary> search(String name, int limit) {
        SearchParameterMap map = SearchParameterMap.newSynchronous();
        if (name != null && !name.isBlank()) {
            map.add("name", new StringParam(name.strip()));
        }
        map.setSort(new SortSpec("family"));
        map.setCount(limit);
        return dao().search(map, new SystemRequestDetails()).getResources(0, limit).stream()
                .map(resource -> summary((Patient) resource)).toList();
    }

    @Override
    public Optional<PatientSummary> find(String id) {
        if (id == null || !id.matches("[A-Za-z0-9\\-.]{1,64}")) {
            return Optional.empty();
        }
        try {
            return Optional.of(summary(dao().read(new IdType("Patient", id), new SystemRequestDetails())));
        } catch (BaseServerResponseException notFoundOrGone) {
            return Optional.empty();
        }
    }

    @SuppressWarnings("unchecked")
    private IFhirResourceDao<Patient> dao() {
        return daos.getResourceDao(Patient.class);
    }

    private static PatientSummary summary(Patient patient) {
        String name = patient.getName().isEmpty() ? "(no name)" : patient.getNameFirstRep().getNameAsSingleString();
        return new PatientSummary(patient.getIdElement().getIdPart(), name,
                patient.hasBirthDate() ? patient.getBirthDateElement().getValueAsString() : "",
                patient.hasGender() ? patient.getGender().getDisplay() : "");
    }
}
