package org.rasterhub.portal.security;

import java.time.Instant;
import java.util.List;

/**
 * An account as the API and the accounts page show it; never its password hash.
 *
 * @param disabled when an administrator disabled it, or null while it is enabled
 */
public record AccountInfo(String username, Role role, Instant created, List<String> groups, Instant disabled) {
}
