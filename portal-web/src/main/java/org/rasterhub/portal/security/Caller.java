package org.rasterhub.portal.security;

import java.util.Optional;

/**
 * Whoever makes a request: a signed-in account or an anonymous visitor. Anonymous visitors may only
 * read what is shared with everyone.
 */
public record Caller(SignedInUser user) {
    public static final Caller ANONYMOUS = new Caller(null);

    public static Caller of(SignedInUser user) {
        return user == null ? ANONYMOUS : new Caller(user);
    }

    public boolean signedIn() {
        return user != null;
    }

    public Optional<SignedInUser> account() {
        return Optional.ofNullable(user);
    }

    /** The username, or null for an anonymous visitor. */
    public String username() {
        return user == null ? null : user.username();
    }

    /** Whether the caller is signed in with at least this role. */
    public boolean has(Role role) {
        return user != null && user.role().includes(role);
    }

    public boolean isAdministrator() {
        return has(Role.ADMINISTRATOR);
    }

    public boolean is(String username) {
        return user != null && user.username().equals(username);
    }

    @Override
    public String toString() {
        return user == null ? "anonymous" : user.username() + " (" + user.role() + ")";
    }
}
