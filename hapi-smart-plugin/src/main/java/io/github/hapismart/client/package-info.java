/**
 * Registered OAuth clients: the record, its JDBC repository, RFC 7591 registration, and client authentication (none, client secrets, private_key_jwt assertions) and the prologue of the endpoints where a client authenticates ({@link io.github.hapismart.client.ClientAuthenticatedEndpoint}). May depend on config, store, keys, web and audit (to record registrations).
 */
package io.github.hapismart.client;
