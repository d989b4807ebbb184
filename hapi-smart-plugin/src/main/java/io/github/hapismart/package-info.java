/**
 * The SMART on FHIR authorization plugin for HAPI FHIR. {@link io.github.hapismart.SmartAuthorizationServer}
 * assembles the authorization server (independent of HAPI); {@code hapi.SmartOnFhirPlugin} installs it into a HAPI
 * {@code RestfulServer}, whose FHIR API {@code enforce} then guards; {@code boot} does the same from Spring Boot
 * properties. Only the {@code enforce}, {@code hapi} and {@code boot} packages may import HAPI ({@code ca.uhn.fhir}),
 * and only {@code boot} Spring Boot. This package itself may depend on every package (the audit trail included) but {@code enforce}, {@code hapi}
 * and {@code boot}; {@code ArchitectureTest} holds every package's "may depend on" line as a rule.
 */
package io.github.hapismart;
