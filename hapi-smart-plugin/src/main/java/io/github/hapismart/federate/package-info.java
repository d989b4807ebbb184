/**
 * Federated login: users sign in at the organisation's OpenID Connect provider (Keycloak, Entra ID, Okta, ...)
 * while the plugin stays the SMART authorization server. {@link io.github.hapismart.federate.FederatedLogin}
 * implements the login seam of {@code /authorize} ({@code authorize.ExternalLogin}): authorization code with PKCE,
 * {@code state} and {@code nonce} to the upstream provider found by discovery
 * ({@link io.github.hapismart.federate.UpstreamDiscovery}); its id_token checked
 * ({@link io.github.hapismart.federate.IdTokenCheck}: signature against its JWKS, issuer, audience, expiry, nonce);
 * the upstream identity mapped to a {@code fhirUser} ({@link io.github.hapismart.federate.FhirUserMapping}: a
 * claim, a FHIR identifier search, or the link table {@link io.github.hapismart.federate.UpstreamIdentities}).
 * Unmapped users are refused; nothing is provisioned in FHIR.
 *
 * <p>May depend on config, store, keys (the remote JWKS cache), user (the local account a federated login is
 * recorded under), provision (the fhirUser search), authorize (the seam it implements) and audit (sign-ins are
 * recorded); never on HAPI.
 */
package io.github.hapismart.federate;
