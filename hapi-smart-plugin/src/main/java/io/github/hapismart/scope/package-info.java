/**
 * SMART scopes as values: the v1 and v2 grammar ({@link io.github.hapismart.scope.Scope}), immutable scope sets with
 * negotiation by subset ({@link io.github.hapismart.scope.ScopeSet}), relative FHIR references
 * ({@link io.github.hapismart.scope.FhirReference}), and the per-request
 * {@link io.github.hapismart.scope.AccessGrant}.
 *
 * <p>Pure Java: depends on nothing but the JDK. Everything that turns scopes into HAPI rules lives in
 * {@code io.github.hapismart.enforce}.
 */
package io.github.hapismart.scope;
