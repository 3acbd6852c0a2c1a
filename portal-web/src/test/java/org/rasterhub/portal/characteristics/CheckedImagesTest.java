package org.rasterhub.portal.characteristics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class CheckedImagesTest {

    @Test
    void aPngAndAJpegAreServedAsTheyAreWithTheTypeTheyDecodedAs() throws IOException {
        byte[] png = encode("png", 40, 30);
        CheckedImages.Image image = CheckedImages.check("ModelCharacteristics/loss_graph.png", png);
        assertEquals("image/png", image.mediaType());
        assertEquals(40, image.width());
        assertArrayEquals(png, image.bytes());

        // A JPEG named .png is still a JPEG: the bytes decide.
        assertEquals("image/jpeg", CheckedImages.check("x.png", encode("jpeg", 16, 16)).mediaType());
    }

    @Test
    void htmlNamedPngIsRefusedAsNotAnImage() {
        byte[] html = "<html><script>window.pwned=1</script></html>".getBytes(StandardCharsets.UTF_8);
        ImageRefusedException refused = assertThrows(ImageRefusedException.class,
                () -> CheckedImages.check("ModelCharacteristics/show_results.png", html));
        assertEquals("not_an_image", refused.code());
        assertEquals("ModelCharacteristics/show_results.png: not a PNG or JPEG image (judged by its first bytes); "
                + "it is not served", refused.getMessage());
    }

    @Test
    void aTruncatedPngIsRefusedAsDamaged() throws IOException {
        byte[] png = encode("png", 64, 64);
        byte[] cut = Arrays.copyOf(png, png.length / 2);
        ImageRefusedException refused = assertThrows(ImageRefusedException.class, () -> CheckedImages.check("a.png", cut));
        assertEquals("damaged_image", refused.code());
    }

    @Test
    void aSmallPngDeclaringAHugeImageIsRefusedBeforeDecoding() {
        byte[] header = pngHeader(100_000, 100_000);
        ImageRefusedException refused = assertThrows(ImageRefusedException.class, () -> CheckedImages.check("b.png", header));
        assertEquals("image_too_large", refused.code());
        assertTrue(refused.getMessage().contains("100000 × 100000"), refused.getMessage());
    }

    @Test
    void aFileOverTheByteLimitIsRefused() {
        byte[] big = new byte[CheckedImages.MAX_BYTES + 1];
        assertEquals("image_too_large", assertThrows(ImageRefusedException.class,
                () -> CheckedImages.check("c.png", big)).code());
    }

    private static byte[] encode(String format, int width, int height) throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        image.setRGB(1, 1, 0xff0000);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, format, out);
        return out.toByteArray();
    }

    /** A PNG signature and an IHDR chunk with a valid CRC, and nothing else. */
    private static byte[] pngHeader(int width, int height) {
        ByteBuffer ihdr = ByteBuffer.allocate(17).put("IHDR".getBytes(StandardCharsets.US_ASCII))
                .putInt(width).putInt(height).put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0).put((byte) 0);
        CRC32 crc = new CRC32();
        crc.update(ihdr.array());
        return ByteBuffer.allocate(8 + 4 + 17 + 4)
                .put(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a})
                .putInt(13).put(ihdr.array()).putInt((int) crc.getValue()).array();
    }
}
