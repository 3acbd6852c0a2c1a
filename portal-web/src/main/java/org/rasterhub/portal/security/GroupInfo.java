package org.rasterhub.portal.security;

import java.time.Instant;
import java.util.List;

/**
 * A group as the API and the groups page show it.
 *
 * @param invited names invited by the owner who have not accepted yet, in lower case (whether or not
 *     an account has such a name: the list tells nothing about which accounts exist)
 */
public record GroupInfo(long id, String name, String description, String owner, Instant created,
                        List<String> members, List<String> invited) {
}
