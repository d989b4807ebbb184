/**
 * The SMART on FHIR authorization plugin for HAPI FHIR. {@link io.github.hapismart.SmartAuthorizationServer}
 * assembles the authorization server (independent of HAPI); {@code hapi.SmartOnFhirPlugin} installs it into a HAPI
 * {@code RestfulServer}. Only the {@code hapi} package may import HAPI ({@code ca.uhn.fhir}).
 */
package io.github.hapismart;
