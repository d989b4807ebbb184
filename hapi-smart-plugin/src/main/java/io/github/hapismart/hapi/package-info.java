/**
 * The plugin's installation into a HAPI FHIR server, and the parts of it that are not enforcement: the one-call
 * installation into a {@code RestfulServer} ({@link io.github.hapismart.hapi.SmartOnFhirPlugin}; in resource-server mode
 * {@code installResourceServer}, which plugs {@code resource}'s token resolver into the bearer check) and its Spring
 * configuration, the discovery and CapabilityStatement interceptors, the FHIR API's side of the audit trail
 * ({@link io.github.hapismart.hapi.AuditTrailInterceptor}), the mapping of a database outage to 503, and the
 * adapters to the optional HAPI JPA modules. The enforcement itself lives in {@code io.github.hapismart.enforce}.
 *
 * <p>With {@code enforce} and {@code boot}, the only packages that may import {@code ca.uhn.fhir}. It may depend on
 * every other package of the plugin except {@code boot}; none of them but {@code boot} may depend on it. The optional
 * HAPI JPA modules are used only here: by {@link io.github.hapismart.hapi.JpaFilterMatcher}
 * ({@code hapi-fhir-jpaserver-searchparam}), {@link io.github.hapismart.hapi.JpaPatientDirectory},
 * {@link io.github.hapismart.hapi.JpaFhirUserResolver} and {@link io.github.hapismart.hapi.JpaAuditStore}
 * ({@code hapi-fhir-storage}) and
 * {@link io.github.hapismart.hapi.Batch2ExportJobOwners} ({@code hapi-fhir-storage-batch2}).
 */
package io.github.hapismart.hapi;
