/**
 * The authorization endpoint and its pages: request validation (client, redirect_uri, aud, PKCE S256, scope,
 * launch), login with throttling, patient picker, consent with granular category choices, and code issuance.
 * Login elsewhere than the user table (an upstream OpenID provider, package {@code federate}) plugs in through
 * {@link io.github.hapismart.authorize.ExternalLogin}, whose answer {@link
 * io.github.hapismart.authorize.ExternalLoginCallback} turns into the same login session a password login starts.
 * Pages are Thymeleaf templates under {@code templates/}. May depend on config, store, client, user, scope,
 * launch, token, web and audit; never on HAPI.
 */
package io.github.hapismart.authorize;
