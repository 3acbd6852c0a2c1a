package org.rasterhub.portal.layer;

import org.rasterhub.runner.render.FeatureThumbnail;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FeatureThumbnailTest {
    @TempDir Path tmp;

    // Two 10 x 10 squares side by side, 10 apart: Water on the left, Forest on the right.
    private static final String LAYER = """
            {"type": "FeatureCollection", "name": "labelled", "features": [
             {"type": "Feature", "properties": {"Class": "Water"}, "geometry": {"type": "Polygon",
              "coordinates": [[[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]]]}},
             {"type": "Feature", "properties": {"Class": "Forest"}, "geometry": {"type": "Polygon",
              "coordinates": [[[20, 0], [30, 0], [30, 10], [20, 10], [20, 0]]]}}],
             "crs": {"type": "name"}}""";

    @Test
    void featuresAreDrawnInTheirClassColoursReadingTheFileTwiceOneFeatureAtATime() throws Exception {
        AtomicInteger opened = new AtomicInteger();
        byte[] png = FeatureThumbnail.png(() -> {
            opened.incrementAndGet();
            return new ByteArrayInputStream(LAYER.getBytes(StandardCharsets.UTF_8));
        }, Map.of("Water", "#0000ff", "Forest", "#00ff00"), 300);

        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        assertEquals(300, image.getWidth());
        assertEquals(100, image.getHeight(), "30 x 10 keeps its aspect");
        assertEquals(2, opened.get(), "once for the extent, once to draw");
        int water = image.getRGB(image.getWidth() / 6, image.getHeight() / 2);
        int forest = image.getRGB(5 * image.getWidth() / 6, image.getHeight() / 2);
        // Filled lightly (alpha 80) over the grey card: the class colour dominates its channel.
        assertTrue((water & 0xff) > ((water >> 16) & 0xff) + 60, "blue inside the water square: "
                + Integer.toHexString(water));
        assertTrue(((forest >> 8) & 0xff) > ((forest >> 16) & 0xff) + 60, "green inside the forest square: "
                + Integer.toHexString(forest));
    }

    @Test
    void aDrawnThumbnailIsKeptAndNotDrawnAgain() throws Exception {
        Path file = Files.writeString(tmp.resolve("layer.geojson"), LAYER);
        AtomicInteger drawn = new AtomicInteger();
        BytesCache.Drawing drawing = () -> {
            drawn.incrementAndGet();
            return FeatureThumbnail.png(() -> Files.newInputStream(file), Map.of(), 64);
        };
        byte[] first = ThumbnailCache.get(file, 64, Map.of(), drawing);
        byte[] second = ThumbnailCache.get(file, 64, Map.of(), drawing);
        assertSame(first, second);
        assertEquals(1, drawn.get());
        assertArrayEquals(first, ThumbnailCache.get(file, 64, Map.of(), () -> {
            throw new AssertionError("not drawn again");
        }));
    }
}
