package io.github.hapismart.authorize;

import java.util.Objects;

/**
 * A patient as the picker shows it.
 *
 * @param id        the logical id
 * @param name      a display name
 * @param birthDate the birth date as written in the record, or empty
 * @param gender    the administrative gender, or empty
 */
public record PatientSummary(String id, String name, String birthDate, String gender) {

    public PatientSummary {
        Objects.requireNonNull(id);
        Objects.requireNonNull(name);
        Objects.requireNonNull(birthDate);
        Objects.requireNonNull(gender);
    }
}
