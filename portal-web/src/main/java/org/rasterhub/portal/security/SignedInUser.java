package org.rasterhub.portal.security;

import java.io.Serializable;

/** The person behind a session or request, once their password was checked. */
public record SignedInUser(String username, Role role) implements Serializable {
    /**
     * Name of the HTTP session attribute that holds the signed-in portal user, so that the REST API
     * can accept the browser's own GET requests (map tiles carry no Authorization header).
     */
    public static final String HTTP_SESSION_ATTRIBUTE = "rasterhub.user";
}
