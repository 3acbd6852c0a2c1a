package org.rasterhub.portal.characteristics;

/**
 * A package image that is not served: not a PNG or JPEG, damaged, or too large. Answered 422.
 *
 * @see CheckedImages#check
 */
public final class ImageRefusedException extends RuntimeException {
    private final String path;
    private final String code;

    ImageRefusedException(String path, String code, String reason) {
        super(path + ": " + reason + "; it is not served");
        this.path = path;
        this.code = code;
    }

    /** The image's path in the package. */
    public String path() {
        return path;
    }

    /** {@code not_an_image}, {@code damaged_image} or {@code image_too_large}. */
    public String code() {
        return code;
    }
}
