package io.github.hapismart.enforce;

import io.github.hapismart.scope.AccessGrant;
import io.github.hapismart.scope.Scope;

/**
 * Decides how far a {@code user/} scope reaches for a user who is not a patient (a practitioner, a related person, an
 * administrator). SMART leaves this to the server; the default, {@link #SERVER_WIDE}, lets such a user reach every
 * resource of the scope's types. Deployers restrict it by returning, say, the compartments of the patients on the
 * practitioner's care team. A user whose {@code fhirUser} is a Patient is always bound to that patient's compartment and
 * never reaches this policy.
 */
@FunctionalInterface
public interface UserAccessPolicy {

    /** Every resource of the scope's types (the scope's permissions and granular query still apply). */
    UserAccessPolicy SERVER_WIDE = (grant, scope) -> Reach.serverWide();

    /** No access at all through {@code user/} scopes for non-patient users. */
    UserAccessPolicy NOTHING = (grant, scope) -> Reach.none();

    /**
     * @param grant the verified token; {@code grant.fhirUser()} is absent or names a non-Patient resource
     * @param scope one {@code user/} scope of the grant
     * @return how far that scope reaches for this user
     */
    Reach reach(AccessGrant grant, Scope scope);
}
