/**
 * Clients and users declared in configuration, applied at every start: created if absent, updated if changed, left
 * alone if equal, never duplicated, safe when several nodes apply the same declarations to one database at once.
 * Secrets are read from an environment variable or a file, or given as a password-encoder hash, and are never
 * logged or put in an exception message.
 *
 * <p>Pure Java: depends on {@code client}, {@code user} and {@code config}, never on HAPI or Spring Boot; the Spring
 * Boot binding lives in {@code boot}, resolving FHIR searches in {@code fhirUser} in {@code hapi}.
 */
package io.github.hapismart.provision;
