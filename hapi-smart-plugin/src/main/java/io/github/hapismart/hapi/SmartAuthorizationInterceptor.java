package io.github.hapismart.hapi;

import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.interceptor.auth.AuthorizationInterceptor;
import ca.uhn.fhir.rest.server.interceptor.auth.IAuthRule;
import ca.uhn.fhir.rest.server.interceptor.auth.PolicyEnum;
import io.github.hapismart.scope.AccessGrant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * HAPI's {@link AuthorizationInterceptor} driven by the request's {@link AccessGrant}: the grant's scopes compile to
 * rules on every request, with default deny. A request without a grant may only read the CapabilityStatement (the
 * bearer-token interceptor has already answered 401 to anything else, so this is a second lock, not the first).
 */
public class SmartAuthorizationInterceptor extends AuthorizationInterceptor {

    private final ScopeRuleCompiler compiler;

    public SmartAuthorizationInterceptor(ScopeRuleCompiler compiler) {
        super(PolicyEnum.DENY);
        this.compiler = Objects.requireNonNull(compiler, "compiler");
    }

    @Override
    public List<IAuthRule> buildRuleList(RequestDetails requestDetails) {
        return grantOf(requestDetails).map(compiler::compile).orElseGet(compiler::denyAll);
    }

    /** The grant the bearer-token interceptor attached to {@code requestDetails}, if any. */
    static Optional<AccessGrant> grantOf(RequestDetails requestDetails) {
        return requestDetails.getUserData().get(AccessGrant.REQUEST_ATTRIBUTE) instanceof AccessGrant grant
                ? Optional.of(grant)
                : Optional.empty();
    }
}
