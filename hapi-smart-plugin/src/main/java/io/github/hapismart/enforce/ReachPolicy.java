package io.github.hapismart.enforce;

import io.github.hapismart.scope.AccessGrant;
import io.github.hapismart.scope.Scope;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The deployment's answer to "how far may a grant reach": where non-patient users' {@code user/} scopes reach
 * ({@link UserAccessPolicy}) and which types without patient data a patient-bound scope may read server-wide. Turns
 * each verified grant into its {@link GrantReach}; stateless, so one instance serves every request.
 *
 * @param users                   reach of {@code user/} scopes for users who are not patients
 * @param patientIndependentTypes types a patient-bound scope may read and search server-wide (may be empty)
 */
public record ReachPolicy(UserAccessPolicy users, Set<String> patientIndependentTypes) {

    /** Types outside the Patient compartment that a patient-bound scope may read and search server-wide. */
    public static final Set<String> PATIENT_INDEPENDENT_TYPES =
            Set.of("Practitioner", "PractitionerRole", "Organization", "Location", "Medication");

    public ReachPolicy {
        Objects.requireNonNull(users, "users");
        patientIndependentTypes = Set.copyOf(patientIndependentTypes);
    }

    /** The policy with the default {@link #PATIENT_INDEPENDENT_TYPES}. */
    public ReachPolicy(UserAccessPolicy users) {
        this(users, PATIENT_INDEPENDENT_TYPES);
    }

    /**
     * The reach of every resource scope of {@code grant}: {@code patient/} scopes reach the launch patient's
     * compartment (nothing without a launch patient); {@code user/} scopes reach the compartment of a Patient
     * {@code fhirUser}, otherwise what {@link #users} says; {@code system/} scopes reach the whole server.
     */
    public GrantReach reachOf(AccessGrant grant) {
        Optional<String> patientUser = patientUser(grant);
        List<GrantReach.ScopeReach> scopes = grant.scopes().resourceScopes().stream()
                .map(scope -> new GrantReach.ScopeReach(scope, reach(grant, scope, patientUser)))
                .toList();
        return new GrantReach(grant, scopes, patientIndependentTypes);
    }

    private Reach reach(AccessGrant grant, Scope scope, Optional<String> patientUser) {
        return switch (scope.context()) {
            case PATIENT -> grant.patient().map(id -> Reach.compartment("Patient", id)).orElse(Reach.none());
            case USER -> patientUser.map(id -> Reach.compartment("Patient", id))
                    .orElseGet(() -> Objects.requireNonNull(users.reach(grant, scope), "reach"));
            case SYSTEM -> Reach.serverWide();
        };
    }

    /** The id of the Patient that is the grant's {@code fhirUser}, if the user is a patient. */
    static Optional<String> patientUser(AccessGrant grant) {
        return grant.fhirUser()
                .filter(user -> user.startsWith("Patient/") && user.indexOf('/', 8) < 0 && user.length() > 8)
                .map(user -> user.substring(8));
    }
}
