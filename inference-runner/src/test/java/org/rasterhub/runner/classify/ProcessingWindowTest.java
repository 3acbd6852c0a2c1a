package org.rasterhub.runner.classify;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;
import java.util.Random;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rasterhub.core.emd.ModelClass;
import org.rasterhub.core.ingest.Progress;
import org.rasterhub.runner.engine.OnnxModel;
import org.rasterhub.runner.raster.FloatBands;
import org.rasterhub.runner.raster.GeoRaster;
import org.rasterhub.runner.raster.GeoTiffs;
import org.rasterhub.runner.raster.GeoTransform;
import org.rasterhub.runner.testmodels.TinyChangeModels;
import org.rasterhub.runner.tiling.Window;

class ProcessingWindowTest {
    private static final int UTM_33N = 32633;
    private static final int BANDS = 3;
    private static final int WIDTH = 300;
    private static final int HEIGHT = 220;
    private static final GeoTransform TRANSFORM = GeoTransform.northUp(500_000, 5_800_000, 10, 10);
    private static final List<ModelClass> CLASSES = List.of(
        new ModelClass(0, "water", 0, 0, 255),
        new ModelClass(1, "forest", 0, 128, 0),
        new ModelClass(2, "urban", 200, 30, 40));
    // Not aligned to the 32-pixel stride, and away from the raster edge on every side.
    private static final Window WINDOW = new Window(37, 21, 150, 101);

    @TempDir static Path models;
    @TempDir Path tmp;

    private static OnnxModel contextModel;

    @BeforeAll
    static void loadModel() throws Exception {
        contextModel = OnnxModel.load(Files.write(models.resolve("context.onnx"),
            TinyChangeModels.neighbourhoodBrightestBand(BANDS)));
    }

    @AfterAll
    static void closeModel() {
        contextModel.close();
    }

    @Test
    void theWindowedResultEqualsTheSameWindowCutFromAWholeRasterRun() throws Exception {
        Path scene = noise(tmp.resolve("scene.tif"), WIDTH, HEIGHT, TRANSFORM, 42L);
        Path whole = tmp.resolve("whole.tif");
        Path windowed = tmp.resolve("windowed.tif");
        PixelClassifier classifier = new PixelClassifier(contextModel, CLASSES);

        classifier.classify(request(scene, whole), Progress.NONE);
        ClassifiedRaster result = classifier.classify(request(scene, windowed)
            .withProcessingWindow(WINDOW), Progress.NONE);

        assertEquals(new ClassifiedRaster(windowed, 150, 101, 5 * 4), result);
        assertEquals(0, differingPixels(cutBands(GeoTiffs.read(whole).pixels(), WINDOW),
            GeoTiffs.read(windowed).pixels()));
    }

    @Test
    void theWindowedOutputsGeotransformStartsAtTheWindowsCornerAndKeepsTheCrs() throws Exception {
        Path scene = noise(tmp.resolve("scene.tif"), WIDTH, HEIGHT, TRANSFORM, 42L);
        Path out = tmp.resolve("windowed.tif");

        new PixelClassifier(contextModel, CLASSES).classify(request(scene, out)
            .withProcessingWindow(WINDOW), Progress.NONE);
        GeoRaster read = GeoTiffs.read(out);

        assertArrayEquals(new double[] {500_370, 10, 0, 5_799_790, 0, -10}, read.transform().toGdal());
        assertEquals(OptionalInt.of(UTM_33N), read.crs().epsg());
    }

    // Shows the test above can fail: a raster cut to the window mirrors at the cut instead of
    // reading the real pixels beyond it, and the context model answers differently there.
    @Test
    void paddingReadsRealPixelsBeyondTheWindowNotMirroredOnes() throws Exception {
        Path scene = noise(tmp.resolve("scene.tif"), WIDTH, HEIGHT, TRANSFORM, 42L);
        FloatBands all = GeoTiffs.read(scene).pixels();
        Path cutScene = tmp.resolve("cut.tif");
        GeoTiffs.write(cutScene, cutBands(all, WINDOW), TRANSFORM.shiftedBy(WINDOW.x(), WINDOW.y()),
            UTM_33N);
        Path windowed = tmp.resolve("windowed.tif");
        Path fromCut = tmp.resolve("from-cut.tif");
        PixelClassifier classifier = new PixelClassifier(contextModel, CLASSES);

        classifier.classify(request(scene, windowed).withProcessingWindow(WINDOW), Progress.NONE);
        classifier.classify(request(cutScene, fromCut), Progress.NONE);

        long differing = differingPixels(GeoTiffs.read(windowed).pixels(),
            GeoTiffs.read(fromCut).pixels());
        assertTrue(differing > 0, "the window's edge pixels must see their real neighbours");
    }

    @Test
    void aWindowReachingOutsideTheRasterIsRefusedNamingFileWindowAndSize() throws Exception {
        Path scene = noise(tmp.resolve("scene.tif"), 100, 80, TRANSFORM, 1L);
        Path out = tmp.resolve("classes.tif");

        var e = assertThrows(IllegalArgumentException.class, () ->
            new PixelClassifier(contextModel, CLASSES).classify(request(scene, out)
                .withProcessingWindow(new Window(60, 10, 50, 20)), Progress.NONE));

        assertTrue(e.getMessage().startsWith(scene + ": processing window"), e.getMessage());
        assertTrue(e.getMessage().contains("100 x 80"), e.getMessage());
        assertFalse(Files.exists(out));
    }

    @Test
    void aMapExtentTurnedIntoAWindowClassifiesThatArea() throws Exception {
        Path scene = noise(tmp.resolve("scene.tif"), WIDTH, HEIGHT, TRANSFORM, 3L);
        Path out = tmp.resolve("classes.tif");
        Window window = TRANSFORM.pixelWindowOf(500_370, 5_798_780, 501_870, 5_799_790, WIDTH, HEIGHT);

        ClassifiedRaster result = new PixelClassifier(contextModel, CLASSES).classify(
            request(scene, out).withProcessingWindow(window), Progress.NONE);

        assertEquals(WINDOW, window);
        assertEquals(150, result.width());
        assertEquals(101, result.height());
    }

    private static ClassifyPixelsRequest request(Path input, Path output) {
        return ClassifyPixelsRequest.of(input, output, List.of(0, 1, 2), 64).withPadding(16)
            .withBatchSize(4);
    }

    /** Random band values 0-99: the 3 x 3 sums decide the class, so context matters. */
    private static Path noise(Path file, int width, int height, GeoTransform transform, long seed)
            throws Exception {
        Random random = new Random(seed);
        FloatBands pixels = FloatBands.zeros(width, height, BANDS);
        for (int i = 0; i < pixels.values().length; i++) {
            pixels.values()[i] = random.nextInt(100);
        }
        GeoTiffs.write(file, pixels, transform, UTM_33N);
        return file;
    }

    private static FloatBands cutBands(FloatBands bands, Window w) {
        FloatBands out = FloatBands.zeros(w.width(), w.height(), bands.bandCount());
        for (int b = 0; b < bands.bandCount(); b++) {
            for (int row = 0; row < w.height(); row++) {
                for (int col = 0; col < w.width(); col++) {
                    out.set(b, row, col, bands.get(b, w.y() + row, w.x() + col));
                }
            }
        }
        return out;
    }

    private static long differingPixels(FloatBands expected, FloatBands actual) {
        assertEquals(expected.width(), actual.width(), "width");
        assertEquals(expected.height(), actual.height(), "height");
        long differing = 0;
        for (int i = 0; i < expected.values().length; i++) {
            if (expected.values()[i] != actual.values()[i]) {
                differing++;
            }
        }
        return differing;
    }
}
