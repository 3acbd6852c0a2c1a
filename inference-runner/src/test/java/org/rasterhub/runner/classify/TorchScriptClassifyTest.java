package org.rasterhub.runner.classify;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rasterhub.core.emd.ModelClass;
import org.rasterhub.core.ingest.Progress;
import org.rasterhub.runner.engine.InferenceModel;
import org.rasterhub.runner.engine.InferenceModels;
import org.rasterhub.runner.engine.ModelFormat;
import org.rasterhub.runner.engine.Processor;
import org.rasterhub.runner.raster.FloatBands;
import org.rasterhub.runner.raster.GeoTiffs;
import org.rasterhub.runner.raster.GeoTransform;
import org.rasterhub.runner.testmodels.TinyTorchScriptModels;

/** Classify Pixels runs a TorchScript model through the same InferenceModel API as an ONNX one. */
class TorchScriptClassifyTest {
    private static final int UTM_33N = 32633;
    private static final int BANDS = 3;
    private static final int WIDTH = 300;
    private static final int HEIGHT = 220;
    private static final List<ModelClass> CLASSES = List.of(
        new ModelClass(0, "water", 0, 0, 255),
        new ModelClass(1, "forest", 0, 128, 0),
        new ModelClass(2, "urban", 200, 30, 40));

    @TempDir Path tmp;

    @Test
    void softmaxScoresFromTorchScriptClassifyAManyTileSceneWithoutAWrongPixel() throws Exception {
        Path scene = tmp.resolve("scene.tif");
        int[] brightest = writeScene(scene, 42L);
        Path out = tmp.resolve("classes.tif");

        try (InferenceModel model = InferenceModels.load(TinyTorchScriptModels.write(tmp.resolve("scores.pt"),
                TinyTorchScriptModels.brightestBandScores()), ModelFormat.TORCHSCRIPT, Processor.CPU)) {
            new PixelClassifier(model, CLASSES).classify(request(scene, out), Progress.NONE);
        }

        assertEquals(0, wrongPixels(out, brightest), "wrongly classified pixels of " + WIDTH * HEIGHT);
    }

    @Test
    void aTorchScriptClassMapFromLoadedWeightsClassifiesWithoutAWrongPixel() throws Exception {
        int[] bandOfClass = {1, 2, 0};
        Path scene = tmp.resolve("scene.tif");
        int[] brightest = writeScene(scene, 9L);
        int[] truth = new int[brightest.length];
        for (int i = 0; i < truth.length; i++) {
            for (int k = 0; k < BANDS; k++) {
                if (bandOfClass[k] == brightest[i]) {
                    truth[i] = k;
                }
            }
        }
        Path out = tmp.resolve("classes.tif");

        try (InferenceModel model = InferenceModels.load(TinyTorchScriptModels.write(tmp.resolve("permuted.pt"),
                TinyTorchScriptModels.permutedBrightestBand(bandOfClass)), ModelFormat.TORCHSCRIPT, Processor.CPU)) {
            new PixelClassifier(model, CLASSES).classify(request(scene, out), Progress.NONE);
        }

        assertEquals(0, wrongPixels(out, truth), "wrongly classified pixels of " + WIDTH * HEIGHT);
    }

    private static ClassifyPixelsRequest request(Path input, Path output) {
        return ClassifyPixelsRequest.of(input, output, List.of(0, 1, 2), 64).withPadding(16).withBatchSize(4);
    }

    /** A georeferenced 3-band float raster; returns its brightest band per pixel, never tied. */
    private static int[] writeScene(Path file, long seed) throws Exception {
        Random random = new Random(seed);
        FloatBands pixels = FloatBands.zeros(WIDTH, HEIGHT, BANDS);
        int[] brightest = new int[WIDTH * HEIGHT];
        for (int row = 0; row < HEIGHT; row++) {
            for (int col = 0; col < WIDTH; col++) {
                int winner = random.nextInt(BANDS);
                brightest[row * WIDTH + col] = winner;
                for (int b = 0; b < BANDS; b++) {
                    pixels.set(b, row, col, b == winner ? 101 + random.nextInt(100) : random.nextInt(100));
                }
            }
        }
        GeoTiffs.write(file, pixels, GeoTransform.northUp(500_000, 5_800_000, 10, 10), UTM_33N);
        return brightest;
    }

    private static long wrongPixels(Path classified, int[] truth) throws Exception {
        FloatBands classes = GeoTiffs.read(classified).pixels();
        assertEquals(WIDTH, classes.width(), "width");
        assertEquals(HEIGHT, classes.height(), "height");
        long wrong = 0;
        for (int i = 0; i < truth.length; i++) {
            if (classes.values()[i] != truth[i]) {
                wrong++;
            }
        }
        return wrong;
    }
}
