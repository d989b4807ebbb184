package io.github.hapismart.it;

import io.github.hapismart.resource.ResourceServerSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.time.Duration;
import java.util.function.UnaryOperator;

/**
 * The sample server in resource-server mode together with its external authorization server
 * ({@link ExternalTokenProvider}): both on free loopback ports, started together, stopped together. The server
 * accepts the provider's JWT access tokens and introspects its opaque ones (reusing an answer for
 * {@link #INTROSPECTION_CACHE}); its tests get their tokens from the provider.
 */
public final class ResourceServerMode implements AutoCloseable {

    /** The revocation bound of the test server: short, so a test can watch a revocation take effect. */
    public static final Duration INTROSPECTION_CACHE = Duration.ofSeconds(2);

    /**
     * On a test class (of {@link SharedServer}): its {@link SampleServerFixture} is the shared server in
     * resource-server mode, whose {@link SampleServerFixture#tokens()} come from the external provider. A subclass of
     * a leak suite with this annotation runs the suite's cases with the external server's tokens.
     */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.TYPE)
    public @interface Shared {
    }

    private final ExternalTokenProvider provider;
    private final SampleServerFixture server;

    private ResourceServerMode(ExternalTokenProvider provider, SampleServerFixture server) {
        this.provider = provider;
        this.server = server;
    }

    /** Starts the provider and a server trusting it with the default settings (and introspection). */
    public static ResourceServerMode start() {
        return start(UnaryOperator.identity());
    }

    /** As {@link #start()}, with the resource-server settings changed by {@code customize}. */
    public static ResourceServerMode start(UnaryOperator<ResourceServerSettings.Builder> customize) {
        try {
            int serverPort = SampleServerFixture.freePort();
            int providerPort = SampleServerFixture.freePort();
            String fhirBase = "http://localhost:" + serverPort + "/fhir";
            ExternalTokenProvider provider = ExternalTokenProvider.start(providerPort, fhirBase);
            try {
                ResourceServerSettings settings = customize.apply(ResourceServerSettings.builder(provider.issuer())
                        .introspectionClient(ExternalTokenProvider.INTROSPECTOR,
                                ExternalTokenProvider.INTROSPECTOR_SECRET)
                        .introspectionCacheLifetime(INTROSPECTION_CACHE)).build();
                SampleServerFixture server = SampleServerFixture.start(serverPort,
                        options -> options.withResourceServer(settings), fixture -> provider);
                return new ResourceServerMode(provider, server);
            } catch (RuntimeException e) {
                provider.close();
                throw e;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public ExternalTokenProvider provider() {
        return provider;
    }

    public SampleServerFixture server() {
        return server;
    }

    @Override
    public void close() {
        try {
            server.close();
        } finally {
            provider.close();
        }
    }
}
