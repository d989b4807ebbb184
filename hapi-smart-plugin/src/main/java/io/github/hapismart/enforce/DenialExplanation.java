package io.github.hapismart.enforce;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import io.github.hapismart.scope.AccessGrant;
import org.hl7.fhir.r4.model.OperationOutcome;

/**
 * Gives a 403 that the scope rules decided an {@code OperationOutcome} whose diagnostics say which scope would have
 * allowed the request ({@link DenialText}). It names only the request's own type and interaction and the token's own
 * scopes, never anything learned from stored data, so it says nothing about whether another patient's resource
 * exists. Refusals by the guards (write guard, export ownership, audit trail) already say why and are left alone.
 */
@Interceptor
final class DenialExplanation {

    @Hook(value = Pointcut.SERVER_HANDLE_EXCEPTION, order = HookOrder.EXPLAIN)
    public boolean explain(RequestDetails request, BaseServerResponseException exception) {
        if (!(exception instanceof ForbiddenOperationException) || !fromTheRules(exception.getMessage())) {
            return true;
        }
        AccessGrant grant = EnforcementRequest.grantOf(request).orElse(null);
        if (grant == null) {
            return true;
        }
        String text = DenialText.explain(grant, request.getRestOperationType(), request.getResourceName(),
                request.getOperation(), request.getParameters());
        OperationOutcome outcome = new OperationOutcome();
        outcome.addIssue().setSeverity(OperationOutcome.IssueSeverity.ERROR)
                .setCode(OperationOutcome.IssueType.FORBIDDEN).setDiagnostics(text);
        exception.setOperationOutcome(outcome);
        return true;
    }

    private static boolean fromTheRules(String message) {
        if (message == null) {
            return false;
        }
        return message.contains("Access denied by default policy")
                || (message.contains("Access denied by rule: " + ScopeRuleCompiler.RULE_PREFIX)
                    && !message.contains(ScopeRuleCompiler.RULE_PREFIX + "write-guard")
                    && !message.contains(ScopeRuleCompiler.RULE_PREFIX + "bulk export owner")
                    && !message.contains(ScopeRuleCompiler.RULE_PREFIX + "audit-trail"));
    }
}
