package io.github.hapismart.hapi;

import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.interceptor.auth.AuthorizedList;
import ca.uhn.fhir.rest.server.interceptor.auth.SearchNarrowingInterceptor;
import java.util.Objects;

/**
 * Adds the launch patient to searches of a patient-bound token, so {@code GET Observation} answers with that patient's
 * Observations instead of failing with 403. It narrows only when every resource scope of the grant is bound to the same
 * single patient; it is a convenience, and {@link SmartAuthorizationInterceptor} remains what enforces access.
 * Granular query scopes are not narrowed here (HAPI cannot narrow by an arbitrary query); the consent service drops
 * non-matching resources instead.
 */
public class SmartSearchNarrowingInterceptor extends SearchNarrowingInterceptor {

    private final ScopeRuleCompiler compiler;

    public SmartSearchNarrowingInterceptor(ScopeRuleCompiler compiler) {
        this.compiler = Objects.requireNonNull(compiler, "compiler");
    }

    @Override
    protected AuthorizedList buildAuthorizedList(RequestDetails requestDetails) {
        return SmartAuthorizationInterceptor.grantOf(requestDetails)
                .flatMap(compiler::singlePatientBinding)
                .map(patient -> new AuthorizedList().addCompartment("Patient/" + patient))
                .orElse(null);
    }
}
