/**
 * Everything that touches HAPI FHIR: the bearer-token, discovery and CapabilityStatement interceptors, the compilation
 * of an {@link io.github.hapismart.scope.AccessGrant} into HAPI authorization rules
 * ({@link io.github.hapismart.hapi.ScopeRuleCompiler}), the interceptors that enforce them
 * ({@link io.github.hapismart.hapi.SmartEnforcement}), and the one-call installation into a {@code RestfulServer}.
 *
 * <p>With {@code boot} above it, the only package that may import {@code ca.uhn.fhir}. It may depend on every other
 * package of the plugin except {@code boot}; none of them but {@code boot} may depend on it. The optional HAPI JPA
 * modules are used only by {@link io.github.hapismart.hapi.JpaFilterMatcher} ({@code hapi-fhir-jpaserver-searchparam}),
 * {@link io.github.hapismart.hapi.JpaPatientDirectory} and {@link io.github.hapismart.hapi.JpaFhirUserResolver}
 * ({@code hapi-fhir-storage}) and {@link io.github.hapismart.hapi.Batch2ExportJobOwners}
 * ({@code hapi-fhir-storage-batch2}).
 */
package io.github.hapismart.hapi;
