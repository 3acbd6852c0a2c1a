package org.rasterhub.portal.security;

import java.time.Instant;
import java.util.List;

/** An account as the API and the accounts page show it; never its password hash. */
public record AccountInfo(String username, Role role, Instant created, List<String> groups) {
}
