package org.rasterhub.portal.api;

/** A request the API understood but cannot act on as sent; answered 422 with its code. */
public final class InvalidRequestException extends RuntimeException {
    private final String code;

    public InvalidRequestException(String code, String message) {
        super(message);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
