package io.github.hapismart.enforce;

import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.interceptor.auth.AuthorizedList;
import ca.uhn.fhir.rest.server.interceptor.auth.SearchNarrowingInterceptor;

/**
 * HAPI's own search narrowing given what the plugin gives it: the one compartment {@code Patient/<id>}, or nothing
 * to narrow to when {@code patient} is null. The reference the plugin's narrowing is compared with.
 */
final class HapiNarrowing extends SearchNarrowingInterceptor {

    private final String patient;

    HapiNarrowing(String patient) {
        this.patient = patient;
    }

    @Override
    protected AuthorizedList buildAuthorizedList(RequestDetails request) {
        return patient == null ? null : new AuthorizedList().addCompartment("Patient/" + patient);
    }
}
