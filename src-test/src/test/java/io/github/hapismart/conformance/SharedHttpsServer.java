package io.github.hapismart.conformance;

import io.github.hapismart.it.SampleServerFixture;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives the conformance classes one sample server behind HTTPS ({@link SampleServerFixture#startHttps()}), shared by
 * the whole run (started on first use, stopped at the end), so that every endpoint Inferno would reach, and whose
 * TLS it checks, is HTTPS as in a real deployment.
 */
final class SharedHttpsServer implements ParameterResolver {

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == SampleServerFixture.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent("shared-https-sample-server",
                        key -> new Holder(SampleServerFixture.startHttps()), Holder.class).fixture();
    }

    private record Holder(SampleServerFixture fixture) implements ExtensionContext.Store.CloseableResource {
        @Override
        public void close() {
            fixture.close();
        }
    }
}
