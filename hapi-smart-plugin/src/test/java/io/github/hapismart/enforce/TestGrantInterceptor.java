package io.github.hapismart.enforce;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import io.github.hapismart.scope.AccessGrant;
import io.github.hapismart.scope.ScopeSet;
import java.time.Instant;
import java.util.Optional;

/**
 * Stands in for token verification: builds the request's {@link AccessGrant} from {@code X-Test-Scope},
 * {@code X-Test-Patient} and {@code X-Test-FhirUser} headers. No {@code X-Test-Scope} header, no grant. Runs before
 * the search narrowing interceptor, which hooks the same pointcut.
 */
@Interceptor
class TestGrantInterceptor {

    @Hook(value = Pointcut.SERVER_INCOMING_REQUEST_POST_PROCESSED, order = HookOrder.AUTHENTICATE)
    public boolean attachGrant(RequestDetails request) {
        String scope = request.getHeader("X-Test-Scope");
        if (scope != null) {
            request.getUserData().put(AccessGrant.REQUEST_ATTRIBUTE, new AccessGrant("jti-1", "test-app", "alice",
                    ScopeSet.parse(scope), Optional.ofNullable(request.getHeader("X-Test-Patient")), Optional.empty(),
                    Optional.ofNullable(request.getHeader("X-Test-FhirUser")), Instant.now().plusSeconds(300)));
        }
        return true;
    }
}
