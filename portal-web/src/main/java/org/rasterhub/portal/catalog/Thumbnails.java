package org.rasterhub.portal.catalog;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.List;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.rasterhub.core.emd.ModelClass;

/** Item thumbnails: uploaded images checked before they are kept, and drawn ones from class colours. */
public final class Thumbnails {
    public static final int MAX_BYTES = 2 * 1024 * 1024;
    public static final int MAX_SIDE = 4096;
    public static final int WIDTH = 240;
    public static final int HEIGHT = 160;

    private Thumbnails() {
    }

    /** Image bytes and their media type. */
    public record Image(byte[] bytes, String mediaType) {
    }

    /**
     * Reads an uploaded image and keeps it only when it is a PNG or JPEG of at most {@link #MAX_BYTES}
     * and {@link #MAX_SIDE} pixels a side that decodes completely. The size is read from the header
     * before any pixel is decoded, so a small file claiming a huge image costs nothing.
     *
     * @throws InvalidItemEditException saying what was wrong with the image
     */
    public static Image check(InputStream upload) throws IOException {
        byte[] bytes = upload.readNBytes(MAX_BYTES + 1);
        if (bytes.length > MAX_BYTES) {
            throw new InvalidItemEditException("thumbnail: at most " + MAX_BYTES / 1024 + " KiB");
        }
        String mediaType = mediaType(bytes);
        if (mediaType == null) {
            throw new InvalidItemEditException("thumbnail: not a PNG or JPEG image (judged by its first bytes)");
        }
        try (ImageInputStream in = ImageIO.createImageInputStream(new java.io.ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new InvalidItemEditException("thumbnail: no reader for this image");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                int width = reader.getWidth(0);
                int height = reader.getHeight(0);
                if (width > MAX_SIDE || height > MAX_SIDE) {
                    throw new InvalidItemEditException("thumbnail: at most " + MAX_SIDE + " pixels a side, was "
                            + width + " × " + height);
                }
                reader.read(0);
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof InvalidItemEditException invalid) {
                throw invalid;
            }
            throw new InvalidItemEditException("thumbnail: the " + mediaType + " image is damaged: " + e.getMessage());
        }
        return new Image(bytes, mediaType);
    }

    private static String mediaType(byte[] bytes) {
        if (bytes.length > 8 && (bytes[0] & 0xff) == 0x89 && bytes[1] == 'P' && bytes[2] == 'N' && bytes[3] == 'G') {
            return "image/png";
        }
        if (bytes.length > 3 && (bytes[0] & 0xff) == 0xff && (bytes[1] & 0xff) == 0xd8 && (bytes[2] & 0xff) == 0xff) {
            return "image/jpeg";
        }
        return null;
    }

    /**
     * A thumbnail drawn from the classes' colours: one vertical band per class, as wide as the others,
     * so items can be told apart at a glance. Without classes, a plain grey-blue card.
     */
    public static Image drawn(List<ModelClass> classes) {
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setColor(new Color(0x5b6b7f));
            g.fillRect(0, 0, WIDTH, HEIGHT);
            List<ModelClass> shown = classes.size() > WIDTH / 4 ? classes.subList(0, WIDTH / 4) : classes;
            for (int i = 0; i < shown.size(); i++) {
                int from = i * WIDTH / shown.size();
                int to = (i + 1) * WIDTH / shown.size();
                ModelClass modelClass = shown.get(i);
                g.setColor(new Color(modelClass.red(), modelClass.green(), modelClass.blue()));
                g.fillRect(from, 0, to - from, HEIGHT);
            }
        } finally {
            g.dispose();
        }
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", png);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Image(png.toByteArray(), "image/png");
    }
}
