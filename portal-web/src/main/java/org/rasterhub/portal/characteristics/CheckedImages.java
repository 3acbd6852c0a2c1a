package org.rasterhub.portal.characteristics;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import java.util.Locale;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * Decides whether a package's image may be served: only a PNG or JPEG, judged by its first bytes,
 * that ImageIO decodes completely within the limits below. Anything else (HTML or SVG named
 * {@code .png}, a truncated file, a small file declaring a huge image) is refused before a byte of
 * it reaches a browser.
 */
public final class CheckedImages {
    public static final int MAX_BYTES = 16 * 1024 * 1024;
    public static final int MAX_SIDE = 8192;
    /** Decoded as 4 bytes a pixel, 16 million pixels are 64 MiB of heap at most. */
    public static final long MAX_PIXELS = 16_000_000L;

    private CheckedImages() {
    }

    /** Image bytes, as stored, and the media type they decoded as. */
    public record Image(byte[] bytes, String mediaType, int width, int height) {
    }

    /**
     * @param path  the image's path in the package, for messages
     * @param bytes the whole stored file
     * @throws ImageRefusedException when it is not a PNG or JPEG within the limits that decodes
     */
    public static Image check(String path, byte[] bytes) {
        if (bytes.length > MAX_BYTES) {
            throw new ImageRefusedException(path, "image_too_large", "at most " + MAX_BYTES / (1024 * 1024)
                    + " MiB, is " + bytes.length + " bytes");
        }
        String format = format(bytes);
        if (format == null) {
            throw new ImageRefusedException(path, "not_an_image", "not a PNG or JPEG image (judged by its first bytes)");
        }
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(format);
            if (!readers.hasNext()) {
                throw new ImageRefusedException(path, "not_an_image", "no " + format + " reader in this Java");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                // The header's size first: a small file claiming a huge image costs nothing.
                int width = reader.getWidth(0);
                int height = reader.getHeight(0);
                if (width > MAX_SIDE || height > MAX_SIDE || (long) width * height > MAX_PIXELS) {
                    throw new ImageRefusedException(path, "image_too_large", "at most " + MAX_SIDE
                            + " pixels a side and " + MAX_PIXELS + " pixels, is " + width + " × " + height);
                }
                reader.read(0);
                return new Image(bytes, "image/" + format, width, height);
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof ImageRefusedException refused) {
                throw refused;
            }
            throw new ImageRefusedException(path, "damaged_image", "the " + format.toUpperCase(Locale.ROOT)
                    + " image does not decode (" + MetricsHtml.cut(String.valueOf(e.getMessage()), 80) + ")");
        }
    }

    /** "png", "jpeg" or null, from the signature bytes. */
    static String format(byte[] bytes) {
        if (bytes.length > 8 && (bytes[0] & 0xff) == 0x89 && bytes[1] == 'P' && bytes[2] == 'N' && bytes[3] == 'G'
                && bytes[4] == 0x0d && bytes[5] == 0x0a && bytes[6] == 0x1a && bytes[7] == 0x0a) {
            return "png";
        }
        if (bytes.length > 3 && (bytes[0] & 0xff) == 0xff && (bytes[1] & 0xff) == 0xd8 && (bytes[2] & 0xff) == 0xff) {
            return "jpeg";
        }
        return null;
    }
}
