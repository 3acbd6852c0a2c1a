package org.rasterhub.portal.security;

/** The request needs an account and came without one (anonymous, or credentials not accepted). */
public final class NotSignedInException extends RuntimeException {
    public NotSignedInException(String message) {
        super(message);
    }
}
