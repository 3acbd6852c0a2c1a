package org.rasterhub.portal.security;

import java.time.Instant;

/** A token as its owner sees it later: never the token itself. */
public record TokenInfo(long id, String name, String prefix, Instant created, Instant expires, Instant lastUsed,
                        Instant revoked) {
}
