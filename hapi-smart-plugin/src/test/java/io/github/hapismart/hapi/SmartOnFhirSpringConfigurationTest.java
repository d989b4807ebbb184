package io.github.hapismart.hapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.server.RestfulServer;
import io.github.hapismart.SmartAuthorizationServer;
import io.github.hapismart.config.RegistrationMode;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.core.env.MapPropertySource;

/** The Spring configuration builds the plugin from {@code smart.*} properties and installs it into the bean server. */
class SmartOnFhirSpringConfigurationTest {

    @Test
    void propertiesBecomeSettingsAndThePluginIsInstalledIntoTheRestfulServerBean() {
        try (AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext()) {
            context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("test", Map.of(
                    "smart.fhir-base-url", "https://ehr.example.org/fhir",
                    "smart.registration-mode", "OPEN",
                    "smart.access-token-lifetime", "PT15M")));
            JdbcDataSource dataSource = new JdbcDataSource();
            dataSource.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
            RestfulServer fhirServer = new RestfulServer(FhirContext.forR4Cached());
            context.registerBean(DataSource.class, () -> dataSource);
            context.registerBean(RestfulServer.class, () -> fhirServer);
            context.register(SmartOnFhirSpringConfiguration.class);
            context.refresh();

            SmartAuthorizationServer server = context.getBean(SmartAuthorizationServer.class);
            assertEquals(RegistrationMode.OPEN, server.settings().registrationMode());
            assertEquals(15, server.settings().accessTokenLifetime().toMinutes());
            assertEquals("https://ehr.example.org/auth/token", server.smartConfiguration().get("token_endpoint"));
            SmartOnFhirPlugin plugin = context.getBean(SmartOnFhirPlugin.class);
            for (Object interceptor : plugin.interceptors()) {
                assertTrue(fhirServer.getInterceptorService().getAllRegisteredInterceptors().contains(interceptor),
                        interceptor.getClass().getSimpleName() + " is not registered");
            }
        }
    }
}
