package io.github.hapismart.hapi;

import ca.uhn.fhir.interceptor.api.IAnonymousInterceptor;
import ca.uhn.fhir.interceptor.api.IBaseInterceptorBroadcaster;
import ca.uhn.fhir.interceptor.api.IInterceptorService;
import ca.uhn.fhir.interceptor.api.Pointcut;
import io.github.hapismart.enforce.BearerTokenInterceptor;
import io.github.hapismart.enforce.HookOrder;
import java.util.List;

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

            // What every request pays for: the bearer check runs inside the enforcement's one hook after the request
            // is parsed, not as a hook of its own, and the audit trail's hook on each answer is called without
            // reflection (an anonymous interceptor), as the enforcement's is.
            IInterceptorService service = fhirServer.getInterceptorService();
            assertTrue(service.getAllRegisteredInterceptors().stream()
                    .noneMatch(BearerTokenInterceptor.class::isInstance));
            assertEquals(List.of(HookOrder.AUTHENTICATE), service
                    .getInvokersForPointcut(Pointcut.SERVER_INCOMING_REQUEST_POST_PROCESSED).stream()
                    .map(IBaseInterceptorBroadcaster.IInvoker::getOrder).toList());
            List<Object> answering = service.getInvokersForPointcut(Pointcut.SERVER_OUTGOING_RESPONSE).stream()
                    .map(IBaseInterceptorBroadcaster.IInvoker::getInterceptor).toList();
            assertEquals(2, answering.size(), answering.toString());
            assertTrue(answering.stream().allMatch(IAnonymousInterceptor.class::isInstance), answering.toString());
        }
    }
}
