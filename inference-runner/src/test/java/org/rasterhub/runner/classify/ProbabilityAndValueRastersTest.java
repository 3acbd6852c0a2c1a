package org.rasterhub.runner.classify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import org.gdal.gdal.Dataset;
import org.gdal.gdal.gdal;
import org.gdal.gdalconst.gdalconst;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rasterhub.core.ingest.Progress;
import org.rasterhub.runner.engine.OnnxModel;
import org.rasterhub.runner.raster.FloatBands;
import org.rasterhub.runner.raster.Gdal;
import org.rasterhub.runner.raster.GeoTiffs;
import org.rasterhub.runner.testmodels.TinyOnnxModels;

/**
 * Probability rasters ({@code return_probability_raster}) and regression outputs (issue #14): each
 * convention reproduced by a tiny ONNX model over a scene of many tiles, every pixel of the Float32
 * COG checked against a value computed here from the raster itself.
 */
class ProbabilityAndValueRastersTest {
    private static final int WIDTH = 300;
    private static final int HEIGHT = 220;
    private static final int TILE = 64;
    private static final int PADDING = 16;
    private static final float FACTOR = 0.05f;
    private static final double TOLERANCE = 1e-5;

    @TempDir Path tmp;

    @Test
    void everyClassGetsABandOfTheSoftmaxOfCompetingScoresNamedAfterItsClass() throws Exception {
        Scene scene = Scene.brightestBand(tmp.resolve("scene.tif"), WIDTH, HEIGHT, 21L);
        FloatBands pixels = GeoTiffs.read(scene.file()).pixels();

        Path out = run(TinyOnnxModels.scaledBandScores(Scene.BANDS, FACTOR, false, 0), scene,
            new PixelProduct.Probabilities(true), OutputReading.DEFAULT);

        assertMatches(out, Scene.BANDS, i -> softmax(pixels, i));
        assertEquals(List.of("probability of water", "probability of forest", "probability of urban"),
            descriptions(out));
    }

    @Test
    void scoresThatAreProbabilitiesAlreadyAreWrittenAsTheyAre() throws Exception {
        // The model ends with Softmax: softmaxing again would flatten every probability towards 1/3.
        Scene scene = Scene.brightestBand(tmp.resolve("scene.tif"), WIDTH, HEIGHT, 22L);
        FloatBands pixels = GeoTiffs.read(scene.file()).pixels();

        Path out = run(TinyOnnxModels.scaledBandScores(Scene.BANDS, FACTOR, true, 0), scene,
            new PixelProduct.Probabilities(true), OutputReading.DEFAULT);

        assertMatches(out, Scene.BANDS, i -> softmax(pixels, i));
    }

    @Test
    void theWinningClassesProbabilityFromACoreOutputIsOneSeamlessBand() throws Exception {
        Scene scene = Scene.brightestBand(tmp.resolve("scene.tif"), WIDTH, HEIGHT, 23L);
        FloatBands pixels = GeoTiffs.read(scene.file()).pixels();

        Path out = run(TinyOnnxModels.scaledBandScores(Scene.BANDS, FACTOR, false, PADDING), scene,
            new PixelProduct.Probabilities(false), OutputReading.DEFAULT);

        assertMatches(out, 1, i -> {
            double best = 0;
            for (double p : softmax(pixels, i)) {
                best = Math.max(best, p);
            }
            return new double[] {best};
        });
        assertEquals(List.of("probability of the winning class"), descriptions(out));
    }

    @Test
    void oneSigmoidChannelIsTheProbabilityOfClassOne() throws Exception {
        Scene scene = Scene.brightestBand(tmp.resolve("scene.tif"), WIDTH, HEIGHT, 24L);
        FloatBands pixels = GeoTiffs.read(scene.file()).pixels();

        Path out = run(TinyOnnxModels.firstBandAboveSigmoid(Scene.BANDS, 100.5f), scene,
            new PixelProduct.Probabilities(true), OutputReading.DEFAULT);

        assertMatches(out, 1, i -> new double[] {sigmoid(pixels.get(0, i / WIDTH, i % WIDTH) - 100.5)});
        assertEquals(List.of("probability of forest"), descriptions(out));
    }

    @Test
    void independentSigmoidChannelsAreEachTheirOwnProbability() throws Exception {
        Scene scene = Scene.brightestBand(tmp.resolve("scene.tif"), WIDTH, HEIGHT, 25L);
        FloatBands pixels = GeoTiffs.read(scene.file()).pixels();

        Path out = run(TinyOnnxModels.bandsAboveSigmoid(Scene.BANDS, 150.5f), scene,
            new PixelProduct.Probabilities(true), new OutputReading(OutputReading.FIRST_ACCEPTED, 0.5f, true));

        assertMatches(out, Scene.BANDS, i -> {
            double[] p = new double[Scene.BANDS];
            for (int b = 0; b < Scene.BANDS; b++) {
                p[b] = sigmoid(pixels.get(b, i / WIDTH, i % WIDTH) - 150.5);
            }
            return p;
        });
    }

    @Test
    void aRegressionModelsValuesAreScaledAndNoDataStaysNoData() throws Exception {
        float[] weights = {0.5f, -0.25f, 0.125f};
        Scene scene = Scene.brightestBand(tmp.resolve("scene.tif"), WIDTH, HEIGHT, 26L)
            .withNoData(-9999, 100, 40, 70, 50);
        FloatBands pixels = GeoTiffs.read(scene.file()).pixels();

        Path out = run(TinyOnnxModels.weightedBandSum(weights, 3f), scene,
            new PixelProduct.Values(100, "canopy height (m)"), OutputReading.DEFAULT);

        assertMatches(out, 1, i -> {
            if (scene.truth()[i] == 255) {
                return new double[] {Double.NaN};
            }
            double sum = 3;
            for (int b = 0; b < weights.length; b++) {
                sum += weights[b] * pixels.get(b, i / WIDTH, i % WIDTH);
            }
            return new double[] {sum * 100};
        });
        assertEquals(List.of("canopy height (m)"), descriptions(out));
    }

    @Test
    void aModelAnsweringClassIndexesCannotGiveProbabilitiesAndLeavesNoFile() throws Exception {
        Scene scene = Scene.brightestBand(tmp.resolve("scene.tif"), WIDTH, HEIGHT, 27L);

        ModelOutputException e = assertThrows(ModelOutputException.class, () -> run(
            TinyOnnxModels.brightestBandWinsAnyBatch(Scene.BANDS), scene, new PixelProduct.Probabilities(true),
            OutputReading.DEFAULT));

        assertTrue(e.getMessage().contains("class indexes, not scores"), e.getMessage());
        assertFalse(Files.exists(tmp.resolve("out.tif")));
        assertFalse(Files.exists(tmp.resolve("out.tif.part.tif")));
    }

    @Test
    void aValueRasterNeedsOneChannelAndProbabilitiesMustLieBetweenZeroAndOne() throws Exception {
        Scene scene = Scene.brightestBand(tmp.resolve("scene.tif"), WIDTH, HEIGHT, 28L);
        byte[] threeChannels = TinyOnnxModels.scaledBandScores(Scene.BANDS, FACTOR, false, 0);

        ModelOutputException values = assertThrows(ModelOutputException.class, () -> run(threeChannels, scene,
            new PixelProduct.Values(1, "value"), OutputReading.DEFAULT));
        // Read as independent sigmoids, scores of up to 12.75 are no probabilities.
        ModelOutputException probabilities = assertThrows(ModelOutputException.class, () -> run(threeChannels,
            scene, new PixelProduct.Probabilities(true), new OutputReading(OutputReading.FIRST_ACCEPTED, 0.5f, true)));

        assertTrue(values.getMessage().contains("one float channel"), values.getMessage());
        assertTrue(probabilities.getMessage().contains("outside 0-1"), probabilities.getMessage());
        assertFalse(Files.exists(tmp.resolve("out.tif")));
    }

    private Path run(byte[] model, Scene scene, PixelProduct product, OutputReading reading) throws Exception {
        Path out = tmp.resolve("out.tif");
        try (OnnxModel loaded = OnnxModel.load(TinyOnnxModels.write(tmp.resolve("model.onnx"), model))) {
            new PixelClassifier(loaded, Scene.CLASSES).classify(ClassifyPixelsRequest.of(scene.file(), out,
                    List.of(0, 1, 2), TILE).withPadding(PADDING).withBatchSize(3).withReading(reading)
                .withProduct(product), Progress.NONE);
        }
        return out;
    }

    private static void assertMatches(Path out, int bands, IntFunction<double[]> expected) throws Exception {
        FloatBands written = GeoTiffs.read(out).pixels();
        assertEquals(WIDTH, written.width());
        assertEquals(HEIGHT, written.height());
        assertEquals(bands, written.bandCount());
        long wrong = 0;
        String first = null;
        for (int i = 0; i < WIDTH * HEIGHT; i++) {
            double[] want = expected.apply(i);
            for (int b = 0; b < bands; b++) {
                float got = written.get(b, i / WIDTH, i % WIDTH);
                boolean same = Double.isNaN(want[b]) ? Float.isNaN(got) : Math.abs(got - want[b]) <= TOLERANCE;
                if (!same) {
                    wrong++;
                    first = first != null ? first : "pixel " + i + " band " + b + ": " + got + " != " + want[b];
                }
            }
        }
        assertEquals(0, wrong, first);
        Gdal.init();
        Dataset dataset = gdal.Open(out.toString());
        try {
            assertEquals(gdalconst.GDT_Float32, dataset.GetRasterBand(1).getDataType());
            Double[] noData = new Double[1];
            dataset.GetRasterBand(1).GetNoDataValue(noData);
            assertTrue(noData[0] != null && noData[0].isNaN(), "nodata " + noData[0]);
            assertTrue(dataset.GetRasterBand(1).GetOverviewCount() == 0 || dataset.GetRasterBand(1)
                .GetOverview(0).getDataType() == gdalconst.GDT_Float32);
        } finally {
            dataset.delete();
        }
    }

    private static List<String> descriptions(Path out) {
        Gdal.init();
        Dataset dataset = gdal.Open(out.toString());
        try {
            List<String> names = new ArrayList<>();
            for (int b = 1; b <= dataset.GetRasterCount(); b++) {
                names.add(dataset.GetRasterBand(b).GetDescription());
            }
            return names;
        } finally {
            dataset.delete();
        }
    }

    private static double[] softmax(FloatBands pixels, int i) {
        double[] scores = new double[Scene.BANDS];
        double total = 0;
        for (int b = 0; b < Scene.BANDS; b++) {
            scores[b] = Math.exp(FACTOR * pixels.get(b, i / WIDTH, i % WIDTH));
            total += scores[b];
        }
        for (int b = 0; b < Scene.BANDS; b++) {
            scores[b] /= total;
        }
        return scores;
    }

    private static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }
}
