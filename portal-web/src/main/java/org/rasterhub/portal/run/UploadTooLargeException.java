package org.rasterhub.portal.run;

/** An upload went past the size limit; what arrived was deleted. */
public final class UploadTooLargeException extends RuntimeException {
    public UploadTooLargeException(String fileName, long limit) {
        super(fileName + ": larger than the limit of " + limit + " bytes; nothing was stored");
    }
}
