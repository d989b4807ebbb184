/**
 * The token endpoint and its grant handlers, access-token issuing and verification, and the revocation list. May depend on config, store, keys, client, scope, user, launch, web and audit.
 */
package io.github.hapismart.token;
