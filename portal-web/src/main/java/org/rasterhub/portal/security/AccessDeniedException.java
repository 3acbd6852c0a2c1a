package org.rasterhub.portal.security;

/** The signed-in user may not do this to this item. */
public final class AccessDeniedException extends RuntimeException {
    public AccessDeniedException(String message) {
        super(message);
    }
}
