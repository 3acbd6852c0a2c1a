package org.rasterhub.portal.security;

/** What an account may do; each role includes the ones before it. */
public enum Role {
    VIEWER, USER, PUBLISHER, ADMINISTRATOR;

    public boolean includes(Role other) {
        return compareTo(other) >= 0;
    }
}
