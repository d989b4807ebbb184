/**
 * Everything that touches HAPI FHIR: the bearer-token, discovery and CapabilityStatement interceptors, the compilation
 * of an {@link io.github.hapismart.scope.AccessGrant} into HAPI authorization rules
 * ({@link io.github.hapismart.hapi.ScopeRuleCompiler}), the interceptors that enforce them
 * ({@link io.github.hapismart.hapi.SmartEnforcement}), and the one-call installation into a {@code RestfulServer}.
 *
 * <p>The only package that may import {@code ca.uhn.fhir}. It may depend on every other package of the plugin;
 * none of them may depend on it. {@code hapi-fhir-jpaserver-searchparam} is optional and used only by
 * {@link io.github.hapismart.hapi.JpaFilterMatcher}.
 */
package io.github.hapismart.hapi;
