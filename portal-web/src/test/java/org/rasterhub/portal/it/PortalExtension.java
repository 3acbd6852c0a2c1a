package org.rasterhub.portal.it;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives integration tests one shared {@link PortalServer}: started on first use, stopped when the
 * test run ends. Starting Payara takes ~20 s, so every test class reuses it.
 */
public final class PortalExtension implements ParameterResolver {

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == PortalServer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(Running.class, key -> new Running(), Running.class).server;
    }

    /** Closed by JUnit when the root context closes, at the end of the run. */
    private static final class Running implements ExtensionContext.Store.CloseableResource, AutoCloseable {
        private final PortalServer server;

        Running() {
            try {
                server = PortalServer.start();
            } catch (Exception e) {
                throw new IllegalStateException("could not start the portal: " + e.getMessage(), e);
            }
        }

        @Override
        public void close() throws Exception {
            server.close();
        }
    }
}
