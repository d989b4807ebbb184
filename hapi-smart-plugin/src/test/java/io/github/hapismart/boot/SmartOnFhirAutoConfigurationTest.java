package io.github.hapismart.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.server.RestfulServer;
import io.github.hapismart.SmartAuthorizationServer;
import io.github.hapismart.config.SmartSettings;
import io.github.hapismart.hapi.SmartOnFhirPlugin;
import io.github.hapismart.hapi.SmartOnFhirSpringConfiguration;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/** The Boot auto-configuration installs the plugin from properties alone, and only where it should. */
class SmartOnFhirAutoConfigurationTest {

    private final RestfulServer fhirServer = new RestfulServer(FhirContext.forR4Cached());

    private ApplicationContextRunner runner() {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(SmartOnFhirAutoConfiguration.class))
                .withBean(DataSource.class, () -> dataSource)
                .withBean(RestfulServer.class, () -> fhirServer)
                .withPropertyValues("smart.fhir-base-url=https://ehr.example.org/fhir");
    }

    @Test
    void theInterceptorsAreRegisteredOnTheApplicationsRestfulServer() {
        runner().run(context -> {
            SmartOnFhirPlugin plugin = context.getBean(SmartOnFhirPlugin.class);
            assertTrue(fhirServer.getInterceptorService().getAllRegisteredInterceptors()
                    .containsAll(plugin.interceptors()));
        });
    }

    @Test
    void everySettingIsBoundFromProperties() {
        runner().withPropertyValues(
                "smart.auth-base-url=https://login.example.org/auth",
                "smart.registration-mode=INITIAL_ACCESS_TOKEN",
                "smart.initial-access-tokens=one,two",
                "smart.cors-allowed-origins[0]=https://app.example.org",
                "smart.cors-allowed-origins[1]=https://other.example.org",
                "smart.cors-mode=host",
                "smart.access-token-lifetime=15m",
                "smart.system-access-token-lifetime=PT2M",
                "smart.authorization-code-lifetime=30s",
                "smart.refresh-token-lifetime=30d",
                "smart.launch-context-lifetime=2m",
                "smart.revocation-check-interval=1s",
                "smart.rotate-refresh-tokens=false",
                "smart.default-client-scope=openid patient/*.rs",
                "smart.login-session-lifetime=1h",
                "smart.launch-api-clients=ehr-a, ehr-b",
                "smart.access-token-signing=ES256").run(context -> {
                    SmartSettings settings = context.getBean(SmartSettings.class);
                    SmartSettings expected = SmartSettings.builder("https://ehr.example.org/fhir")
                            .authBaseUrl("https://login.example.org/auth")
                            .registrationMode(io.github.hapismart.config.RegistrationMode.INITIAL_ACCESS_TOKEN)
                            .initialAccessTokens(Set.of("one", "two"))
                            .corsAllowedOrigins(List.of("https://app.example.org", "https://other.example.org"))
                            .corsMode(io.github.hapismart.config.CorsMode.HOST)
                            .accessTokenLifetime(Duration.ofMinutes(15)).systemAccessTokenLifetime(Duration.ofMinutes(2))
                            .authorizationCodeLifetime(Duration.ofSeconds(30)).refreshTokenLifetime(Duration.ofDays(30))
                            .launchContextLifetime(Duration.ofMinutes(2)).revocationCheckInterval(Duration.ofSeconds(1))
                            .rotateRefreshTokens(false).defaultClientScope("openid patient/*.rs")
                            .loginSessionLifetime(Duration.ofHours(1)).launchApiClients(Set.of("ehr-a", "ehr-b"))
                            .accessTokenSigning(io.github.hapismart.config.AccessTokenSigning.ES256).build();
                    assertEquals(expected, settings);
                });
    }

    @Test
    void theUserAccessBrandIsBoundFromPropertiesAndAdvertised() {
        runner().withPropertyValues(
                "smart.user-access-brand.name=Good Health",
                "smart.user-access-brand.website=https://www.goodhealth.example.org/about",
                "smart.user-access-brand.logo=https://goodhealth.example.org/logo.svg",
                "smart.user-access-brand.aliases=GH, Goodie",
                "smart.user-access-brand.categories=prov,laboratory",
                "smart.user-access-brand.addresses[0].city=Boston",
                "smart.user-access-brand.addresses[0].state=MA",
                "smart.user-access-brand.addresses[0].country=US",
                "smart.user-access-brand.portal-name=GoodHealthCentral",
                "smart.user-access-brand.portal-url=https://portal.goodhealth.example.org").run(context -> {
                    var brand = context.getBean(SmartSettings.class).userAccessBrand().orElseThrow();
                    assertEquals("Good Health", brand.name());
                    assertEquals(List.of("GH", "Goodie"), brand.aliases());
                    assertEquals(List.of("prov", "laboratory"), brand.categories());
                    assertEquals(java.util.Optional.of("Boston"), brand.addresses().get(0).city());
                    assertEquals("https://goodhealth.example.org", brand.publishedIdentifiers().get(0).value());
                    var doc = context.getBean(SmartAuthorizationServer.class).smartConfiguration();
                    assertEquals("https://ehr.example.org/auth/brands", doc.get("user_access_brand_bundle"));
                });
    }

    @Test
    void appStateIsOffByDefaultAndOnWithItsSizeLimitFromProperties() {
        runner().run(context -> {
            assertTrue(!context.getBean(SmartSettings.class).appState().enabled());
            assertTrue(!context.getBean(SmartAuthorizationServer.class).smartConfiguration()
                    .containsKey("associated_endpoints"));
            assertTrue(!context.getBean(SmartAuthorizationServer.class).servlets().containsKey("/auth/appstate/*"));
        });
        runner().withPropertyValues("smart.app-state.enabled=true", "smart.app-state.max-size=64KB").run(context -> {
            var appState = context.getBean(SmartSettings.class).appState();
            assertTrue(appState.enabled());
            assertEquals(64 * 1024, appState.maxBytes());
            assertTrue(context.getBean(SmartAuthorizationServer.class).servlets().containsKey("/auth/appstate/*"));
            assertEquals(List.of(java.util.Map.of("url", "https://ehr.example.org/auth/appstate",
                            "capabilities", List.of("smart-app-state"))),
                    context.getBean(SmartAuthorizationServer.class).smartConfiguration().get("associated_endpoints"));
        });
    }

    @Test
    void anAppStateLimitOutOfRangeStopsTheStartNamingTheProperty() {
        runner().withPropertyValues("smart.app-state.enabled=true", "smart.app-state.max-size=10MB")
                .run(context -> assertEquals("smart.app-state.max-size",
                        rootCause(context.getStartupFailure(), InvalidSmartPropertyException.class).property()));
    }

    @Test
    void withoutABrandNothingIsAdvertised() {
        runner().run(context -> assertTrue(!context.getBean(SmartAuthorizationServer.class).smartConfiguration()
                .containsKey("user_access_brand_bundle")));
    }

    @Test
    void anUnknownBrandCategoryStopsTheStartNamingTheProperty() {
        runner().withPropertyValues("smart.user-access-brand.name=Good Health",
                        "smart.user-access-brand.website=https://goodhealth.example.org",
                        "smart.user-access-brand.categories=hospital")
                .run(context -> assertEquals("smart.user-access-brand",
                        rootCause(context.getStartupFailure(), InvalidSmartPropertyException.class).property()));
    }

    @Test
    void aBrandWithoutAWebsiteStopsTheStartNamingTheProperty() {
        runner().withPropertyValues("smart.user-access-brand.name=Good Health")
                .run(context -> assertEquals("smart.user-access-brand.website",
                        rootCause(context.getStartupFailure(), InvalidSmartPropertyException.class).property()));
    }

    @Test
    void smartEnabledFalseInstallsNothing() {
        runner().withPropertyValues("smart.enabled=false")
                .run(context -> assertTrue(context.getBeansOfType(SmartOnFhirPlugin.class).isEmpty()));
    }

    @Test
    void withoutARestfulServerBeanNothingIsInstalled() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(SmartOnFhirAutoConfiguration.class))
                .withPropertyValues("smart.fhir-base-url=https://ehr.example.org/fhir")
                .run(context -> assertTrue(context.getBeansOfType(SmartOnFhirPlugin.class).isEmpty()));
    }

    @Test
    void aMissingFhirBaseUrlStopsTheStartNamingTheProperty() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(SmartOnFhirAutoConfiguration.class))
                .withBean(DataSource.class, JdbcDataSource::new)
                .withBean(RestfulServer.class, () -> fhirServer)
                .run(context -> assertEquals("smart.fhir-base-url",
                        rootCause(context.getStartupFailure(), InvalidSmartPropertyException.class).property()));
    }

    @Test
    void aNegativeLifetimeStopsTheStartNamingTheProperty() {
        runner().withPropertyValues("smart.access-token-lifetime=-5m")
                .run(context -> assertEquals("smart.access-token-lifetime",
                        rootCause(context.getStartupFailure(), InvalidSmartPropertyException.class).property()));
    }

    @Test
    void aProvisionedLaunchApiClientExistsAndMayCreateLaunchContexts() {
        runner().withPropertyValues(
                "smart.provisioning.clients.my-ehr.auth-method=client_secret_basic",
                "smart.provisioning.clients.my-ehr.secret-hash={noop}not-a-real-secret",
                "smart.provisioning.clients.my-ehr.launch-api=true").run(context -> {
                    SmartAuthorizationServer server = context.getBean(SmartAuthorizationServer.class);
                    assertTrue(server.clients().findById("my-ehr").isPresent()
                            && server.settings().launchApiClients().contains("my-ehr"));
                });
    }

    @Test
    void aSecretClientWithoutASecretStopsTheStartNamingTheProperty() {
        runner().withPropertyValues("smart.provisioning.clients.my-ehr.auth-method=client_secret_basic")
                .run(context -> assertEquals("smart.provisioning.clients.my-ehr.secret-env",
                        rootCause(context.getStartupFailure(), InvalidSmartPropertyException.class).property()));
    }

    @Test
    void provisionedScopesMayBeAYamlListOrOneString() {
        runner().withPropertyValues(
                "smart.provisioning.clients.backend.auth-method=private_key_jwt",
                "smart.provisioning.clients.backend.jwks-uri=https://backend.example.org/jwks",
                "smart.provisioning.clients.backend.scopes[0]=system/Patient.rs system/Observation.rs",
                "smart.provisioning.clients.backend.scopes[1]=system/Group.rs").run(context ->
                assertEquals("system/Patient.rs system/Observation.rs system/Group.rs", context
                        .getBean(SmartAuthorizationServer.class).clients().findById("backend").orElseThrow().scope()));
    }

    @Test
    void anApplicationThatImportsTheManualConfigurationKeepsIt() {
        runner().withUserConfiguration(ManualImport.class).run(context ->
                assertEquals(1, context.getBeansOfType(SmartOnFhirPlugin.class).size()));
    }

    @Test
    void theManualConfigurationsPluginIsTheOneInstalled() {
        runner().withUserConfiguration(ManualImport.class).run(context ->
                assertTrue(context.getBeansOfType(SmartProvisioning.class).isEmpty()));
    }

    @Configuration(proxyBeanMethods = false)
    @Import(SmartOnFhirSpringConfiguration.class)
    static class ManualImport {
    }

    @Test
    void identityProvidersFromPropertiesAddTheirSignInCallback() {
        runner().withPropertyValues(
                "smart.federation.providers.keycloak.name=Hospital Keycloak",
                "smart.federation.providers.keycloak.issuer=https://sso.example.org/realms/hospital",
                "smart.federation.providers.keycloak.client-id=smart-on-fhir",
                "smart.federation.providers.keycloak.client-secret=from-a-placeholder",
                "smart.federation.providers.keycloak.fhir-user=claim:fhirUser").run(context ->
                assertTrue(context.getBean(SmartOnFhirPlugin.class).servlets().containsKey("/auth/upstream/callback")));
    }

    @Test
    void anIdentityProviderWithoutAMappingStopsTheStartNamingTheProperty() {
        runner().withPropertyValues(
                "smart.federation.providers.keycloak.issuer=https://sso.example.org/realms/hospital",
                "smart.federation.providers.keycloak.client-id=smart-on-fhir",
                "smart.federation.providers.keycloak.client-secret=x").run(context ->
                assertEquals("smart.federation.providers.keycloak.fhir-user",
                        rootCause(context.getStartupFailure(), InvalidSmartPropertyException.class).property()));
    }

    private static <T extends Throwable> T rootCause(Throwable failure, Class<T> type) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return type.cast(cause);
            }
        }
        return assertInstanceOf(type, failure);
    }
}
