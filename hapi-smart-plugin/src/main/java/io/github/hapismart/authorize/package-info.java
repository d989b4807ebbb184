/**
 * The authorization endpoint and its pages: request validation (client, redirect_uri, aud, PKCE S256, scope,
 * launch), login with throttling, patient picker, consent with granular category choices, and code issuance.
 * Pages are Thymeleaf templates under {@code templates/}. May depend on config, store, client, user, scope,
 * launch, token and web; never on HAPI.
 */
package io.github.hapismart.authorize;
