package io.github.hapismart.authorize;

import java.util.List;
import java.util.Optional;

/**
 * How the patient picker finds patients. The plugin does not depend on a storage module: a server supplies an
 * implementation (the sample server's searches its JPA DAOs). {@link #none()} lists nothing and accepts no id.
 */
public interface PatientDirectory {

    /** Patients whose name matches {@code name} (all patients when blank), at most {@code limit}. */
    List<PatientSummary> search(String name, int limit);

    /** The patient with this logical id, if it exists. */
    Optional<PatientSummary> find(String id);

    /** A directory with no patients, for servers that only do EHR launches or patient logins. */
    static PatientDirectory none() {
        return new PatientDirectory() {
            @Override
            public List<PatientSummary> search(String name, int limit) {
                return List.of();
            }

            @Override
            public Optional<PatientSummary> find(String id) {
                return Optional.empty();
            }
        };
    }
}
