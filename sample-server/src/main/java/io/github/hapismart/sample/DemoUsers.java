package io.github.hapismart.sample;

import io.github.hapismart.provision.SecretSource;
import io.github.hapismart.provision.UserDeclaration;
import io.github.hapismart.sample.demo.DemoDataGenerator;
import java.util.List;

/**
 * The sample server's demo logins, declared as configuration declares users and applied by the plugin's
 * {@link io.github.hapismart.provision.Provisioner}: each is bound to a resource of the demo data found by identifier
 * (the server assigns the ids). The clear passwords are public demo credentials (README); only hashes are stored.
 */
final class DemoUsers {

    static final String PRACTITIONER_USERNAME = "practitioner";
    static final String PRACTITIONER_PASSWORD = "demo-practitioner";
    static final String PATIENT_USERNAME = "patient";
    static final String PATIENT_PASSWORD = "demo-patient";

    private DemoUsers() {
    }

    /** The demo practitioner and the demo patient (MRN {@code demo-1}). */
    static List<UserDeclaration> declarations() {
        return List.of(
                new UserDeclaration(PRACTITIONER_USERNAME, new SecretSource.Value(PRACTITIONER_PASSWORD),
                        "Practitioner?identifier=http://hl7.org/fhir/sid/us-npi|"
                                + DemoDataGenerator.DEMO_PRACTITIONER_NPI, "Demo practitioner"),
                new UserDeclaration(PATIENT_USERNAME, new SecretSource.Value(PATIENT_PASSWORD),
                        "Patient?identifier=" + DemoDataGenerator.MRN_SYSTEM + "|demo-1", "Demo patient"));
    }
}
