package io.github.hapismart.enforce;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.interceptor.consent.ConsentInterceptor;
import ca.uhn.fhir.rest.server.interceptor.consent.IConsentService;
import java.util.Map;

/**
 * HAPI's {@link ConsentInterceptor} around the {@link SearchResultFilter}, except for one thing: HAPI refuses every
 * {@code _summary=count} and {@code _total=accurate} (HAPI-2037/2038) because a consent service might drop counted
 * resources; for a request the planning hook has planned, {@link CountGuard} has already refused every count its
 * plan cannot vouch for, so the rest reach the database. Any other consent interceptor of the server still refuses
 * counts itself.
 */
@Interceptor(order = HookOrder.CONSENT)
final class SmartConsentInterceptor extends ConsentInterceptor {

    SmartConsentInterceptor(IConsentService service) {
        super(service);
    }

    @Override
    @Hook(Pointcut.SERVER_INCOMING_REQUEST_PRE_HANDLED)
    public void interceptPreHandled(RequestDetails request) {
        Map<String, String[]> parameters = request.getParameters();
        if (EnforcementRequest.planOf(request).isEmpty() || CountGuard.askedCount(parameters).isEmpty()) {
            super.interceptPreHandled(request);
            return;
        }
        request.setParameters(CountGuard.withoutCount(parameters));
        try {
            super.interceptPreHandled(request);
        } finally {
            request.setParameters(parameters);
        }
    }
}
