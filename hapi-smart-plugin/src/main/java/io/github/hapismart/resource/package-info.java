/**
 * Resource-server mode: the plugin issues no tokens and serves no login; it accepts access tokens from one external
 * authorization server (Keycloak, Entra ID, Okta, ...) and turns each into the same immutable {@code AccessGrant} its
 * own tokens give, so that every rule of {@code enforce} applies unchanged.
 *
 * <ul>
 *   <li>{@link io.github.hapismart.resource.ResourceServerSettings}: the external server and how to read its
 *       tokens ({@link io.github.hapismart.resource.ClaimMapping}).</li>
 *   <li>{@link io.github.hapismart.resource.JwtAccessTokenVerifier}: JWT access tokens against the issuer's JWKS
 *       (cached; an unknown {@code kid} refetched at most once per interval), with issuer, audience, expiry and an
 *       allow-list of asymmetric algorithms.</li>
 *   <li>{@link io.github.hapismart.resource.TokenIntrospector}: opaque tokens through the issuer's RFC 7662
 *       endpoint, with a bounded cache whose lifetime is the revocation bound.</li>
 *   <li>{@link io.github.hapismart.resource.ExternalTokenResolver}: the one seam, token to grant, plugged into the
 *       bearer check of {@code enforce} by {@code hapi}.</li>
 *   <li>{@link io.github.hapismart.resource.ExternalSmartConfiguration}: the smart-configuration document that
 *       advertises the external server's endpoints and only what the pair honours.</li>
 * </ul>
 *
 * <p>May depend on {@code scope} only (and nimbus-jose-jwt, Caffeine, the JDK's HTTP client); never on HAPI, on the
 * plugin's own authorization server, or on {@code enforce}, which it reaches only through {@code hapi}.
 */
package io.github.hapismart.resource;
