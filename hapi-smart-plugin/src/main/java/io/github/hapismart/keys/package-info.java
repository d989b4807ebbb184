/**
 * The server's own signing keys (generated, encrypted at rest, rotated, published as a JWKS by
 * {@link io.github.hapismart.keys.JwksEndpoint}) and the cache of clients' remote key sets. May depend on store, and
 * on web for the JWKS endpoint's JSON rendering.
 */
package io.github.hapismart.keys;
