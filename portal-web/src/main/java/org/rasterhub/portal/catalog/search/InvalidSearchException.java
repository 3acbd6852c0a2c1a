package org.rasterhub.portal.catalog.search;

/** A search parameter that cannot be used as sent; answered 422 naming the parameter. */
public final class InvalidSearchException extends RuntimeException {
    private final String parameter;

    public InvalidSearchException(String parameter, String message) {
        super(parameter + ": " + message);
        this.parameter = parameter;
    }

    /** The query parameter at fault, e.g. {@code size}. */
    public String parameter() {
        return parameter;
    }
}
