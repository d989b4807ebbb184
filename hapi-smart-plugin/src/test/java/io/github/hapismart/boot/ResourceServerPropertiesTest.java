package io.github.hapismart.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.server.RestfulServer;
import io.github.hapismart.hapi.SmartOnFhirPlugin;
import io.github.hapismart.resource.ResourceServerSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** {@code smart.resource-server.*} turns the Boot installation into resource-server mode, or stops a wrong start. */
class ResourceServerPropertiesTest {

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
    void withoutAnIssuerThePluginIsItsOwnAuthorizationServer() {
        runner().run(context -> {
            SmartOnFhirPlugin plugin = context.getBean(SmartOnFhirPlugin.class);
            assertTrue(plugin.resourceServer().isEmpty());
            assertTrue(plugin.servlets().keySet().stream().anyMatch(path -> path.endsWith("/token")));
        });
    }

    @Test
    void anIssuerTurnsOnResourceServerModeWithEverySettingBound(@TempDir Path dir) throws Exception {
        Path secret = dir.resolve("secret");
        Files.writeString(secret, "s3cret\n");
        runner().withPropertyValues(
                "smart.resource-server.issuer=https://login.microsoftonline.com/tenant/v2.0",
                "smart.resource-server.audience=api://ehr-fhir",
                "smart.resource-server.jwks-uri=https://login.microsoftonline.com/tenant/discovery/v2.0/keys",
                "smart.resource-server.algorithms=RS256",
                "smart.resource-server.introspection-client-id=fhir-server",
                "smart.resource-server.introspection-secret-file=" + secret,
                "smart.resource-server.introspection-cache-lifetime=30s",
                "smart.resource-server.scope-claims=scp,roles",
                "smart.resource-server.scope-slash=-",
                "smart.resource-server.fhir-user-claim=extn_fhirUser").run(context -> {
                    SmartOnFhirPlugin plugin = context.getBean(SmartOnFhirPlugin.class);
                    assertTrue(plugin.servlets().isEmpty(), "no /auth endpoints");
                    ResourceServerSettings settings = plugin.resourceServer().orElseThrow().settings();
                    assertEquals(Optional.of("api://ehr-fhir"), settings.audience());
                    assertEquals(java.util.Set.of("RS256"), settings.algorithms());
                    assertEquals(Optional.of("s3cret"), settings.introspectionSecret());
                    assertEquals(Duration.ofSeconds(30), settings.introspectionCacheLifetime());
                    assertEquals(List.of("scp", "roles"), settings.claims().scopeClaims());
                    assertEquals(Optional.of("-"), settings.claims().slashStandIn());
                    assertEquals("extn_fhirUser", settings.claims().fhirUserClaim());
                    assertTrue(fhirServer.getInterceptorService().getAllRegisteredInterceptors()
                            .containsAll(plugin.interceptors()));
                });
    }

    @Test
    void introspectionWithoutASecretStopsTheStartNamingTheProperty() {
        runner().withPropertyValues("smart.resource-server.issuer=https://sso.example.org/realms/ehr",
                        "smart.resource-server.introspection-client-id=fhir-server")
                .run(context -> assertEquals("smart.resource-server.introspection-secret-env",
                        rootCause(context.getStartupFailure()).property()));
    }

    @Test
    void aSymmetricAlgorithmStopsTheStart() {
        runner().withPropertyValues("smart.resource-server.issuer=https://sso.example.org/realms/ehr",
                        "smart.resource-server.algorithms=RS256,HS256")
                .run(context -> assertTrue(rootCause(context.getStartupFailure()).getMessage().contains("HS256")));
    }

    private static InvalidSmartPropertyException rootCause(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof InvalidSmartPropertyException invalid) {
                return invalid;
            }
        }
        return assertInstanceOf(InvalidSmartPropertyException.class, failure);
    }
}
