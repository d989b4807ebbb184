/**
 * Registered OAuth clients: the record, its JDBC repository, RFC 7591 registration, and client authentication (none, client secrets, private_key_jwt assertions). May depend on config, store, keys and web.
 */
package io.github.hapismart.client;
