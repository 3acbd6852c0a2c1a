package org.rasterhub.portal.security;

/** A new account, group, token or password was refused; the message says which field and why. */
public final class AccountRejectedException extends RuntimeException {
    private final String field;

    public AccountRejectedException(String field, String message) {
        super(field + ": " + message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
