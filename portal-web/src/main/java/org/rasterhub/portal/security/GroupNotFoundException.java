package org.rasterhub.portal.security;

/** No group has this id. */
public final class GroupNotFoundException extends RuntimeException {
    public GroupNotFoundException(long id) {
        super("no group " + id);
    }
}
