package org.rasterhub.portal.api;

import java.util.logging.Logger;

/**
 * Keeps a client that went away from being logged as a server fault. When a client closes the
 * connection mid-request (a cancelled upload, a closed browser tab), Jersey still tries to write the
 * answer and logs the failure at SEVERE with a stack trace. This filter drops exactly those records,
 * whose cause is the closed connection; every other record of that logger passes.
 */
public final class ClientAbortLogFilter {
    // Held here: java.util.logging keeps loggers weakly, and a collected logger loses its filter.
    private static final Logger JERSEY_RESPONDER = Logger.getLogger("org.glassfish.jersey.server.ServerRuntime$Responder");

    private ClientAbortLogFilter() {
    }

    /** Installs the filter once per JVM; later calls change nothing. */
    public static synchronized void install() {
        JERSEY_RESPONDER.setFilter(record -> record.getThrown() == null
                || !ApiExceptionMappers.isClientAbort(record.getThrown()));
    }
}
