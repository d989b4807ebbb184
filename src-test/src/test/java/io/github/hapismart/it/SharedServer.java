package io.github.hapismart.it;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives test classes one sample server shared by the whole test run (started on first use, stopped at the end),
 * so the 20-second JPA start is paid once. Tests that restart the server start their own fixture instead. A class
 * marked {@link ResourceServerMode.Shared} gets the one shared server in resource-server mode instead
 * (and may also ask for its {@link ResourceServerMode}, to reach the external provider).
 */
public final class SharedServer implements ParameterResolver {

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == SampleServerFixture.class || (type == ResourceServerMode.class
                && context.getRequiredTestClass().isAnnotationPresent(ResourceServerMode.Shared.class));
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        ExtensionContext.Store store = context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL);
        if (context.getRequiredTestClass().isAnnotationPresent(ResourceServerMode.Shared.class)) {
            Holder mode = store.getOrComputeIfAbsent("shared-resource-server-mode",
                    key -> new Holder(ResourceServerMode.start()), Holder.class);
            return parameter.getParameter().getType() == ResourceServerMode.class ? mode.running() : mode.fixture();
        }
        return store.getOrComputeIfAbsent("shared-sample-server", key -> new Holder(SampleServerFixture.start()),
                Holder.class).fixture();
    }

    private record Holder(AutoCloseable running) implements ExtensionContext.Store.CloseableResource {
        SampleServerFixture fixture() {
            return running instanceof ResourceServerMode mode ? mode.server() : (SampleServerFixture) running;
        }

        @Override
        public void close() throws Exception {
            running.close();
        }
    }
}
