package io.github.hapismart.sample;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.param.TokenParam;
import io.github.hapismart.sample.demo.DemoDataGenerator;
import io.github.hapismart.user.UserRepository;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * The sample server's demo logins, bound to resources of the demo data (whose ids the server assigns).
 * Passwords are hashed by the {@link UserRepository}; the clear values are public demo credentials (README).
 */
final class DemoUsers {

    static final String PRACTITIONER_USERNAME = "practitioner";
    static final String PRACTITIONER_PASSWORD = "demo-practitioner";
    static final String PATIENT_USERNAME = "patient";
    static final String PATIENT_PASSWORD = "demo-patient";

    private final DaoRegistry daos;
    private final UserRepository users;

    DemoUsers(DaoRegistry daos, UserRepository users) {
        this.daos = daos;
        this.users = users;
    }

    /** Creates the demo users if they are missing (their records must already be loaded). */
    void ensurePresent() {
        if (users.findByUsername(PRACTITIONER_USERNAME).isEmpty()) {
            String practitioner = idOf("Practitioner", "http://hl7.org/fhir/sid/us-npi",
                    DemoDataGenerator.DEMO_PRACTITIONER_NPI);
            users.save(PRACTITIONER_USERNAME, PRACTITIONER_PASSWORD, "Practitioner/" + practitioner,
                    "Demo practitioner");
        }
        if (users.findByUsername(PATIENT_USERNAME).isEmpty()) {
            String patient = idOf("Patient", DemoDataGenerator.MRN_SYSTEM, "demo-1");
            users.save(PATIENT_USERNAME, PATIENT_PASSWORD, "Patient/" + patient, "Demo patient");
        }
    }

    private String idOf(String type, String system, String value) {
        IFhirResourceDao<?> dao = daos.getResourceDao(type);
        var found = dao.search(SearchParameterMap.newSynchronous("identifier", new TokenParam(system, value)),
                new SystemRequestDetails()).getAllResources();
        if (found.isEmpty()) {
            throw new IllegalStateException("Demo data has no " + type + " with identifier " + system + "|" + value);
        }
        IBaseResource resource = found.get(0);
        return resource.getIdElement().getIdPart();
    }
}
