package org.rasterhub.portal.security;

import java.time.Instant;
import java.util.List;

/** A group as the API and the groups page show it. */
public record GroupInfo(long id, String name, String description, String owner, Instant created,
                        List<String> members) {
}
