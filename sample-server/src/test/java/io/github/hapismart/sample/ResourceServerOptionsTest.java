package io.github.hapismart.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.hapismart.resource.ResourceServerSettings;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The sample server's {@code resource-server-*} options (README) turn into resource-server settings. */
class ResourceServerOptionsTest {

    @Test
    void withoutAnIssuerTheServerIsItsOwnAuthorizationServer() {
        assertTrue(SampleServerOptions.fromEnvironment(new String[0]).resourceServer().isEmpty());
    }

    @Test
    void everyOptionIsRead() {
        ResourceServerSettings settings = SampleServerOptions.fromEnvironment(new String[] {
                "--resource-server-issuer=https://sso.example.org/realms/ehr",
                "--resource-server-audience=fhir-api",
                "--resource-server-introspection-client-id=fhir-server",
                "--resource-server-introspection-secret=s3cret",
                "--resource-server-introspection-cache=30",
                "--resource-server-scope-claims=scope, scp",
                "--resource-server-scope-slash=-",
                "--resource-server-patient-claim=patient_id",
                "--resource-server-algorithms=RS256,ES256"}).resourceServer().orElseThrow();
        assertEquals("https://sso.example.org/realms/ehr", settings.issuer());
        assertEquals(Optional.of("fhir-api"), settings.audience());
        assertEquals(Optional.of("fhir-server"), settings.introspectionClient());
        assertEquals(Duration.ofSeconds(30), settings.introspectionCacheLifetime());
        assertEquals(List.of("scope", "scp"), settings.claims().scopeClaims());
        assertEquals(Optional.of("-"), settings.claims().slashStandIn());
        assertEquals("patient_id", settings.claims().patientClaim());
        assertEquals(java.util.Set.of("RS256", "ES256"), settings.algorithms());
    }

    @Test
    void anIntrospectionClientWithoutItsSecretIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> SampleServerOptions.fromEnvironment(new String[] {
                "--resource-server-issuer=https://sso.example.org/realms/ehr",
                "--resource-server-introspection-client-id=fhir-server"}));
    }
}
