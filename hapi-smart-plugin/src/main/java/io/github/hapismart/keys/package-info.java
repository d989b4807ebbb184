/**
 * The server's own signing keys (generated, encrypted at rest, rotated, published as a JWKS) and the cache of clients' remote key sets. May depend on store.
 */
package io.github.hapismart.keys;
