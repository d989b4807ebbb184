package io.github.hapismart.hapi;

import io.github.hapismart.config.AccessTokenSigning;
import io.github.hapismart.config.CorsMode;
import io.github.hapismart.config.RegistrationMode;
import io.github.hapismart.config.SmartSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;

/**
 * The plugin in a Spring application without Spring Boot (in a Boot application, the auto-configuration in
 * {@code io.github.hapismart.boot} does all of this and more from properties alone): import this one class, set the {@code smart.*} properties, and provide a
 * {@code DataSource} and your HAPI {@code RestfulServer} as beans; the authorization server and the installed plugin
 * are the beans of {@link SmartOnFhirInstallation}, which this class imports. The servlets and CORS filter of the resulting
 * {@link SmartOnFhirPlugin} bean still have to be mapped by the application (see docs/installation.md).
 *
 * <p>Properties: {@code smart.fhir-base-url} (required), {@code smart.auth-base-url}, {@code smart.registration-mode}
 * ({@code OFF}, {@code OPEN}, {@code INITIAL_ACCESS_TOKEN}), {@code smart.initial-access-tokens} (comma separated),
 * {@code smart.cors-allowed-origins} (comma separated), {@code smart.cors-mode} ({@code MERGE}, {@code HOST},
 * {@code PLUGIN}), {@code smart.key-encryption-key-file},
 * {@code smart.access-token-lifetime}, {@code smart.system-access-token-lifetime},
 * {@code smart.refresh-token-lifetime} and {@code smart.login-session-lifetime} (ISO-8601, e.g. {@code PT1H}),
 * {@code smart.launch-api-clients} (comma separated), {@code smart.authorization-code-lifetime},
 * {@code smart.launch-context-lifetime}, {@code smart.revocation-check-interval},
 * {@code smart.client-jwks-lifetime}, {@code smart.client-jwks-refetch-interval} (ISO-8601),
 * {@code smart.rotate-refresh-tokens}, {@code smart.default-client-scope}, {@code smart.access-token-signing}.
 * Lists are comma-separated strings here (a YAML list needs the Boot auto-configuration).
 * Optional beans: an {@code IAuthorizationSearchParamMatcher} for granular scopes, a {@code UserAccessPolicy}, a
 * {@code PatientDirectory} for the patient picker, an {@code ExportJobOwners} (on a JPA server
 * {@code Batch2ExportJobOwners.of(jobCoordinator)}) without which bulk export status polls are refused.
 */
@Configuration(proxyBeanMethods = false)
@Import(SmartOnFhirInstallation.class)
public class SmartOnFhirSpringConfiguration {

    @Bean
    public SmartSettings smartSettings(Environment env) {
        SmartSettings.Builder builder = SmartSettings.builder(env.getRequiredProperty("smart.fhir-base-url"));
        String authBase = env.getProperty("smart.auth-base-url");
        if (authBase != null) {
            builder.authBaseUrl(authBase);
        }
        builder.registrationMode(RegistrationMode.valueOf(env.getProperty("smart.registration-mode", "OFF")));
        builder.initialAccessTokens(Set.copyOf(list(env.getProperty("smart.initial-access-tokens", ""))));
        builder.corsAllowedOrigins(list(env.getProperty("smart.cors-allowed-origins", "*")));
        builder.corsMode(CorsMode.valueOf(env.getProperty("smart.cors-mode", "MERGE").strip().toUpperCase(java.util.Locale.ROOT)));
        String keyFile = env.getProperty("smart.key-encryption-key-file");
        if (keyFile != null) {
            builder.keyEncryptionKeyFile(Path.of(keyFile));
        }
        String lifetime = env.getProperty("smart.access-token-lifetime");
        if (lifetime != null) {
            builder.accessTokenLifetime(Duration.parse(lifetime));
        }
        String systemLifetime = env.getProperty("smart.system-access-token-lifetime");
        if (systemLifetime != null) {
            builder.systemAccessTokenLifetime(Duration.parse(systemLifetime));
        }
        String refreshLifetime = env.getProperty("smart.refresh-token-lifetime");
        if (refreshLifetime != null) {
            builder.refreshTokenLifetime(Duration.parse(refreshLifetime));
        }
        String sessionLifetime = env.getProperty("smart.login-session-lifetime");
        if (sessionLifetime != null) {
            builder.loginSessionLifetime(Duration.parse(sessionLifetime));
        }
        builder.launchApiClients(Set.copyOf(list(env.getProperty("smart.launch-api-clients", ""))));
        duration(env, "smart.authorization-code-lifetime").ifPresent(builder::authorizationCodeLifetime);
        duration(env, "smart.launch-context-lifetime").ifPresent(builder::launchContextLifetime);
        duration(env, "smart.revocation-check-interval").ifPresent(builder::revocationCheckInterval);
        duration(env, "smart.client-jwks-lifetime").ifPresent(builder::clientJwksLifetime);
        duration(env, "smart.client-jwks-refetch-interval").ifPresent(builder::clientJwksRefetchInterval);
        builder.rotateRefreshTokens(env.getProperty("smart.rotate-refresh-tokens", Boolean.class, true));
        String defaultScope = env.getProperty("smart.default-client-scope");
        if (defaultScope != null && !defaultScope.isBlank()) {
            builder.defaultClientScope(defaultScope.strip());
        }
        builder.accessTokenSigning(AccessTokenSigning.valueOf(env.getProperty("smart.access-token-signing", "HS256")));
        return builder.build();
    }

    private static java.util.Optional<Duration> duration(Environment env, String property) {
        return java.util.Optional.ofNullable(env.getProperty(property)).map(Duration::parse);
    }

    private static List<String> list(String commaSeparated) {
        return Arrays.stream(commaSeparated.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }
}
