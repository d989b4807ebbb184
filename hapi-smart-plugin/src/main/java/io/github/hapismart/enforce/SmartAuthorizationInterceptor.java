package io.github.hapismart.enforce;

import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.interceptor.auth.AuthorizationInterceptor;
import ca.uhn.fhir.rest.server.interceptor.auth.IAuthRule;
import ca.uhn.fhir.rest.server.interceptor.auth.PolicyEnum;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.hapismart.scope.AccessGrant;
import java.util.List;
import java.util.Objects;

/**
 * HAPI's {@link AuthorizationInterceptor} driven by the request's {@link AccessGrant}: the grant's scopes compile to
 * rules with default deny. The compiled rules are kept per grant instance (the token verifier hands out one instance
 * per token) in a bounded cache with weak keys, so a token's requests after the first reuse them. A request without a grant may only read the CapabilityStatement (the
 * bearer-token interceptor has already answered 401 to anything else, so this is a second lock, not the first).
 * Its hooks run at HAPI's own order for this class ({@link HookOrder#AUTHORIZE}).
 */
public class SmartAuthorizationInterceptor extends AuthorizationInterceptor {

    private final ScopeRuleCompiler compiler;
    private final List<IAuthRule> denyAll;
    private final Cache<AccessGrant, List<IAuthRule>> compiled = Caffeine.newBuilder()
            .weakKeys().maximumSize(10_000).build();

    public SmartAuthorizationInterceptor(ScopeRuleCompiler compiler) {
        super(PolicyEnum.DENY);
        this.compiler = Objects.requireNonNull(compiler, "compiler");
        this.denyAll = List.copyOf(compiler.denyAll());
    }

    /** The rules of the request's grant, kept on the request: HAPI asks for them on every check of one request. */
    private static final String RULES = SmartAuthorizationInterceptor.class.getName() + ".rules";

    private record GrantRules(AccessGrant grant, List<IAuthRule> rules) {
    }

    @Override
    public List<IAuthRule> buildRuleList(RequestDetails requestDetails) {
        AccessGrant grant = EnforcementRequest.grantOf(requestDetails).orElse(null);
        if (grant == null) {
            return denyAll;
        }
        // Reused only for the very grant instance they were compiled from (the request's grant is set once).
        if (requestDetails.getUserData().get(RULES) instanceof GrantRules kept && kept.grant() == grant) {
            return kept.rules();
        }
        List<IAuthRule> rules = compiled.get(grant, key -> List.copyOf(compiler.compile(key)));
        requestDetails.getUserData().put(RULES, new GrantRules(grant, rules));
        return rules;
    }

}
