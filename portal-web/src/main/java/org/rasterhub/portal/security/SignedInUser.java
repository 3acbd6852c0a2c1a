package org.rasterhub.portal.security;

import java.io.Serializable;

/** The person behind a session or request, once their password was checked. */
public record SignedInUser(String username, Role role) implements Serializable {
}
