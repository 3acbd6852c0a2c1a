package org.rasterhub.portal.api;

/** A request the API understood but cannot act on as sent; answered 422 (or 400) with its code. */
public final class InvalidRequestException extends RuntimeException {
    private final String code;
    private final int status;

    public InvalidRequestException(String code, String message) {
        this(422, code, message);
    }

    /** @param status 400 for a request malformed as HTTP (no file part), else 422 */
    public InvalidRequestException(int status, String code, String message) {
        super(message);
        this.code = code;
        this.status = status;
    }

    public String code() {
        return code;
    }

    public int status() {
        return status;
    }
}
