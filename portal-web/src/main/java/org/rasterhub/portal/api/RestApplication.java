package org.rasterhub.portal.api;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** Mounts the REST resources at {@code /api}; the Vaadin servlet serves everything else. */
@ApplicationPath("api")
public class RestApplication extends Application {
}
