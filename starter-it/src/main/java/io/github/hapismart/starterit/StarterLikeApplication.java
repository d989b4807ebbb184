package io.github.hapismart.starterit;

import ca.uhn.fhir.batch2.jobs.config.Batch2JobsConfig;
import ca.uhn.fhir.jpa.api.config.ThreadPoolFactoryConfig;
import ca.uhn.fhir.jpa.batch2.JpaBatch2Config;
import ca.uhn.fhir.jpa.config.HapiJpaConfig;
import ca.uhn.fhir.jpa.config.r4.JpaR4Config;
import ca.uhn.fhir.jpa.subscription.channel.config.SubscriptionChannelConfig;
import ca.uhn.fhir.rest.server.RestfulServer;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * A HAPI FHIR JPA server (R4) assembled the way hapi-fhir-jpaserver-starter 8.8.0-1 assembles its own: a Spring
 * Boot application importing HAPI's JPA and batch2 configurations, a {@link RestfulServer} bean mapped at
 * {@code /fhir/*} through a {@link ServletRegistrationBean}, its {@code DataSource} from {@code spring.datasource}.
 * Nothing here mentions SMART: the plugin arrives through its Maven dependency and {@code application.yaml}.
 */
@SpringBootApplication
@Import({JpaR4Config.class, HapiJpaConfig.class, JpaBatch2Config.class, Batch2JobsConfig.class,
        SubscriptionChannelConfig.class, ThreadPoolFactoryConfig.class, StarterLikeJpaConfig.class})
public class StarterLikeApplication {

    public static void main(String[] args) {
        SpringApplication.run(StarterLikeApplication.class, args);
    }

    @Bean
    public ServletRegistrationBean<RestfulServer> hapiServletRegistration(RestfulServer restfulServer) {
        ServletRegistrationBean<RestfulServer> registration = new ServletRegistrationBean<>(restfulServer, "/fhir/*");
        registration.setLoadOnStartup(1);
        return registration;
    }
}
