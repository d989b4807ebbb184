package io.github.hapismart.it;

/**
 * {@link UserAndGranularScopeLeakTest}'s cases, unchanged, in resource-server mode: every token is issued by the
 * external authorization server ({@code oidc-provider}) and verified against its JWKS.
 */
@ResourceServerMode.Shared
class ExternalTokenUserAndGranularScopeLeakTest extends UserAndGranularScopeLeakTest {
}
