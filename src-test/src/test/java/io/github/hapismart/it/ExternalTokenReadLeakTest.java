package io.github.hapismart.it;

/**
 * {@link PatientTokenReadLeakTest}'s cases, unchanged, in resource-server mode: every token is issued by the external
 * authorization server ({@code oidc-provider}) and verified against its JWKS.
 */
@ResourceServerMode.Shared
class ExternalTokenReadLeakTest extends PatientTokenReadLeakTest {
}
