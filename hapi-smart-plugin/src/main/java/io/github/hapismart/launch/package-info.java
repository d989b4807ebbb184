/**
 * EHR launch: launch contexts (patient, encounter, fhirUser, fhirContext, intent, banner, style), their single-use
 * JDBC store and the {@code POST /auth/launch} API with which an EHR creates them (its prologue is
 * {@code client.ClientAuthenticatedEndpoint}). May depend on config, store, scope, client, web and audit.
 */
package io.github.hapismart.launch;
