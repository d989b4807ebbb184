package io.github.hapismart.federate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.StringReader;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** Declaring upstream providers in a properties file. */
class ProviderDeclarationsTest {

    private static FederationSettings parse(String text, Map<String, String> environment) throws IOException {
        Properties properties = new Properties();
        properties.load(new StringReader(text));
        return ProviderDeclarations.fromProperties(properties, environment::get);
    }

    @Test
    void aProviderWithASecretFromTheEnvironment() throws IOException {
        FederationSettings settings = parse("""
                password-login=false
                identity-provider.keycloak.name=Hospital Keycloak
                identity-provider.keycloak.issuer=https://sso.example.org/realms/hospital
                identity-provider.keycloak.client-id=smart
                identity-provider.keycloak.client-secret-env=KC_SECRET
                identity-provider.keycloak.fhir-user=claim:fhirUser
                """, Map.of("KC_SECRET", "s3cret"));
        assertFalse(settings.passwordLogin());
        UpstreamProvider provider = settings.providers().get(0);
        assertEquals("Hospital Keycloak", provider.displayName());
        assertEquals(List.of("openid", "profile"), provider.scopes());
        assertEquals(new UpstreamProvider.ClientSecret("s3cret", false), provider.credentials());
        assertInstanceOf(FhirUserMapping.Claim.class, provider.fhirUserMapping());
    }

    @Test
    void aMissingSecretNamesItsKey() {
        ProviderDeclarations.InvalidDeclaration error = assertThrows(ProviderDeclarations.InvalidDeclaration.class,
                () -> parse("""
                        identity-provider.entra.issuer=https://login.microsoftonline.com/t/v2.0
                        identity-provider.entra.client-id=app
                        identity-provider.entra.client-secret-env=UNSET
                        identity-provider.entra.fhir-user=table
                        """, Map.of()));
        assertEquals("identity-provider.entra.client-secret", error.key());
    }

    @Test
    void aPlainHttpIssuerOffLoopbackIsRefused() {
        ProviderDeclarations.InvalidDeclaration error = assertThrows(ProviderDeclarations.InvalidDeclaration.class,
                () -> parse("""
                        identity-provider.idp.issuer=http://idp.example.org
                        identity-provider.idp.client-id=app
                        identity-provider.idp.client-secret=x
                        identity-provider.idp.fhir-user=table
                        """, Map.of()));
        assertEquals("identity-provider.idp.issuer", error.key());
    }

    @Test
    void passwordLoginCannotBeTurnedOffWithoutAProvider() {
        assertThrows(IllegalArgumentException.class, () -> parse("password-login=false\n", Map.of()));
    }
}
