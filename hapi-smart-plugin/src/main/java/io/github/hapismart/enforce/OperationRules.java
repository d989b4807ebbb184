package io.github.hapismart.enforce;

import ca.uhn.fhir.rest.server.interceptor.auth.IAuthRuleBuilderRuleBulkExportWithTarget;
import ca.uhn.fhir.rest.server.interceptor.auth.RuleBuilder;
import io.github.hapismart.scope.AccessGrant;
import io.github.hapismart.scope.Scope;
import io.github.hapismart.scope.Scope.Context;
import io.github.hapismart.scope.Scope.Permission;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.hl7.fhir.r4.model.Group;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Patient;

/**
 * Rules for FHIR operations that a scope grants only indirectly: {@code $everything} on the launch patient and bulk
 * export. Each operation's response is still checked resource by resource against the read rules, so these rules open
 * the door, not the data. GraphQL is never allowed: its response cannot be checked against compartment rules.
 */
final class OperationRules {

    private final AccessGrant grant;
    private final List<Scope> scopes;

    OperationRules(AccessGrant grant, List<Scope> scopes) {
        this.grant = grant;
        this.scopes = scopes;
    }

    void addTo(RuleBuilder rules) {
        grant.patient().ifPresent(patient -> addPatientOperations(rules, patient));
        addSystemExport(rules);
    }

    private void addPatientOperations(RuleBuilder rules, String patient) {
        List<Scope> patientReads = scopes.stream()
                .filter(s -> s.context() == Context.PATIENT)
                .filter(s -> s.allows(Permission.R) || s.allows(Permission.S))
                .toList();
        if (patientReads.isEmpty()) {
            return;
        }
        rules.allow(ScopeRuleCompiler.RULE_PREFIX + patientReads.get(0).value() + " $everything")
                .operation().named("$everything").onInstance(new IdType("Patient", patient))
                .andRequireExplicitResponseAuthorization();
        exportTypes(Context.PATIENT).ifPresent(types -> {
            restrict(rules.allow(ScopeRuleCompiler.RULE_PREFIX + "patient bulk export").bulkExport()
                    .patientExportOnPatient(new IdType("Patient", patient)), types);
            // The kick-off request itself; what it may export is decided by the bulk export rule above.
            rules.allow(ScopeRuleCompiler.RULE_PREFIX + "patient $export kick-off").operation().named("$export")
                    .onInstance(new IdType("Patient", patient)).andAllowAllResponses();
            rules.allow(ScopeRuleCompiler.RULE_PREFIX + "patient $export kick-off").operation().named("$export")
                    .onType(Patient.class).andAllowAllResponses();
            addExportRetrieval(rules);
        });
    }

    /**
     * Status polling and file download (read by id only, never search) of exports; {@link ExportOwnership} then
     * checks that the job and its files belong to this token's client and patient.
     */
    private static void addExportRetrieval(RuleBuilder rules) {
        rules.allow(ScopeRuleCompiler.RULE_PREFIX + "$export-poll-status").operation().named("$export-poll-status")
                .onServer().andAllowAllResponses();
        rules.allow(ScopeRuleCompiler.RULE_PREFIX + "bulk export files").read().resourcesOfType("Binary")
                .withAnyId().withTester(OperationTester.READ);
    }

    private void addSystemExport(RuleBuilder rules) {
        exportTypes(Context.SYSTEM).ifPresent(types -> {
            restrict(rules.allow(ScopeRuleCompiler.RULE_PREFIX + "system bulk export").bulkExport().any(), types);
            String kickOff = ScopeRuleCompiler.RULE_PREFIX + "system $export kick-off";
            rules.allow(kickOff).operation().named("$export").onServer().andAllowAllResponses();
            rules.allow(kickOff).operation().named("$export").onType(Patient.class).andAllowAllResponses();
            rules.allow(kickOff).operation().named("$export").onInstancesOfType(Group.class).andAllowAllResponses();
            addExportRetrieval(rules);
        });
    }

    private static void restrict(IAuthRuleBuilderRuleBulkExportWithTarget rule, Set<String> types) {
        if (!types.isEmpty()) {
            rule.withResourceTypes(types);
        }
    }

    /**
     * The types a bulk export in {@code context} may include: those of unfiltered scopes granting both {@code r} and
     * {@code s}; empty set = every type (a wildcard scope); empty optional = no export at all. Scopes with a granular
     * query are left out, since an export does not apply the query.
     */
    private Optional<Set<String>> exportTypes(Context context) {
        List<Scope> eligible = scopes.stream()
                .filter(s -> s.context() == context && !s.hasQuery())
                .filter(s -> s.allows(Permission.R) && s.allows(Permission.S))
                .toList();
        if (eligible.isEmpty()) {
            return Optional.empty();
        }
        if (eligible.stream().anyMatch(Scope::isWildcard)) {
            return Optional.of(Set.of());
        }
        Set<String> types = new TreeSet<>();
        eligible.forEach(s -> types.add(s.resourceType()));
        return Optional.of(types);
    }
}
