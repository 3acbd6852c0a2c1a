package org.rasterhub.runner.classify;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.Vector;
import org.gdal.gdal.Dataset;
import org.gdal.gdal.TranslateOptions;
import org.gdal.gdal.gdal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rasterhub.core.ingest.Progress;
import org.rasterhub.runner.engine.OnnxModel;
import org.rasterhub.runner.raster.FloatBands;
import org.rasterhub.runner.raster.Gdal;
import org.rasterhub.runner.raster.GeoTiffs;
import org.rasterhub.runner.raster.PixelType;
import org.rasterhub.runner.testmodels.TinyOnnxModels;

/**
 * Input scaling as real packages declare it (issue #14): Esri's {@code DataRange} over the band type's
 * range, arcgis.learn's {@code NormalizationStats}, each checked against values computed here from the
 * raster, and end to end through a model whose answer depends on the scaling.
 */
class InputScalingTest {
    private static final int WIDTH = 150;
    private static final int HEIGHT = 110;
    private static final int TILE = 64;

    @TempDir Path tmp;

    @Test
    void aDataRangeMapsAnIntegerTypesWholeRangeOntoIt() {
        float[] eightBit = {0, 51, 255};
        new InputScaling.TypeRange(0, 1).forBands(List.of(PixelType.UINT8)).apply(eightBit, 0, 3);
        assertArrayEquals(new float[] {0, 0.2f, 1}, eightBit, 1e-6f);

        // Three bands of two values: 16-bit unsigned, 16-bit signed, and float (no type range: as stored).
        float[] wide = {0, 65_535, -32_768, 32_767, 3.5f, -7};
        new InputScaling.TypeRange(0, 1).forBands(List.of(PixelType.UINT16, PixelType.INT16, PixelType.OTHER))
            .apply(wide, 0, 2);
        assertArrayEquals(new float[] {0, 1, 0, 1, 3.5f, -7}, wide, 1e-6f);
    }

    @Test
    void aDataRangeOfMinusOneToOneCentresEightBitValues() {
        float[] values = {0, 127.5f, 255};

        new InputScaling.TypeRange(-1, 1).forBands(List.of(PixelType.UINT8)).apply(values, 0, 3);

        assertArrayEquals(new float[] {-1, 0, 1}, values, 1e-6f);
    }

    @Test
    void normalizationStatsScaleEachBandByItsMinimumAndMaximumThenStandardise() {
        double[] min = {10, 0};
        double[] max = {110, 4000};
        double[] mean = {0.4, 0.25};
        double[] std = {0.2, 0.05};
        float[] values = {10, 60, 110, 0, 1000, 4000};

        new InputScaling.BandStatistics(min, max, mean, std)
            .forBands(List.of(PixelType.UINT8, PixelType.UINT16)).apply(values, 0, 3);

        // arcgis.learn: ((v - band_min) / (band_max - band_min) - scaled_mean) / scaled_std, per band.
        float[] expected = new float[6];
        double[] raw = {10, 60, 110, 0, 1000, 4000};
        for (int i = 0; i < 6; i++) {
            int b = i / 3;
            expected[i] = (float) (((raw[i] - min[b]) / (max[b] - min[b]) - mean[b]) / std[b]);
        }
        assertArrayEquals(expected, values, 1e-5f);
    }

    @Test
    void withoutDoNormalizeOnlyTheMinMaxScalingIsApplied() {
        float[] values = {0, 50, 100};

        new InputScaling.BandStatistics(new double[] {0}, new double[] {100}, null, null)
            .forBands(List.of(PixelType.OTHER)).apply(values, 0, 3);

        assertArrayEquals(new float[] {0, 0.5f, 1}, values, 1e-6f);
    }

    @Test
    void brokenStatisticsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new InputScaling.TypeRange(1, 1));
        assertThrows(IllegalArgumentException.class, () -> new InputScaling.TypeRange(0, Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> new InputScaling.BandStatistics(
            new double[] {5}, new double[] {5}, null, null));
        assertThrows(IllegalArgumentException.class, () -> new InputScaling.BandStatistics(
            new double[] {0}, new double[] {1}, new double[] {0.5}, new double[] {0}));
        assertThrows(IllegalArgumentException.class, () -> new InputScaling.BandStatistics(
            new double[] {0}, new double[] {1}, null, null).forBands(List.of(PixelType.UINT8, PixelType.UINT8)));
    }

    @Test
    void eightBitImageryWithDataRangeZeroToOneIsDividedBy255AsEsrisLandCoverPackageNeeds() throws Exception {
        // A binary model trained on [0, 1] input: "water" where band 0 scaled to [0, 1] exceeds 0.5,
        // that is where the 8-bit value is 128 or more. Read unscaled, every value from 1 up looks like
        // water: the failure of Esri's own package before this rule.
        Random random = new Random(14L);
        FloatBands pixels = FloatBands.zeros(WIDTH, HEIGHT, Scene.BANDS);
        int[] expected = new int[WIDTH * HEIGHT];
        for (int row = 0; row < HEIGHT; row++) {
            for (int col = 0; col < WIDTH; col++) {
                int value = random.nextInt(256);
                for (int b = 0; b < Scene.BANDS; b++) {
                    pixels.set(b, row, col, b == 0 ? value : random.nextInt(256));
                }
                expected[row * WIDTH + col] = value / 255.0 > 0.5 ? 1 : 0;
            }
        }
        Path bytes = eightBit(pixels);
        byte[] model = TinyOnnxModels.firstBandAboveSigmoid(Scene.BANDS, 0.5f);

        Path scaled = classify(model, bytes, new InputScaling.TypeRange(0, 1), "scaled.tif");
        Path unscaled = classify(model, bytes, InputScaling.NONE, "unscaled.tif");

        assertEquals(0, Scene.wrongPixels(scaled, WIDTH, HEIGHT, expected));
        assertTrue(Scene.wrongPixels(unscaled, WIDTH, HEIGHT, expected) > WIDTH * HEIGHT / 3,
            "unscaled 8-bit values must not pass for [0, 1] input");
    }

    @Test
    void normalizationStatsDecideWhichBandWinsAsArcgisLearnsInferenceWould() throws Exception {
        // Identity scores, arg-max over bands: the winner is the band whose normalised value is highest,
        // which the statistics change from the raw brightest band.
        Scene scene = Scene.brightestBand(tmp.resolve("scene.tif"), WIDTH, HEIGHT, 15L);
        double[] min = {0, 20, 0};
        double[] max = {100, 220, 400};
        double[] mean = {0.5, 0.3, 0.2};
        double[] std = {0.25, 0.2, 0.1};
        FloatBands pixels = GeoTiffs.read(scene.file()).pixels();
        int[] expected = new int[WIDTH * HEIGHT];
        int changed = 0;
        int ties = 0;
        for (int row = 0; row < HEIGHT; row++) {
            for (int col = 0; col < WIDTH; col++) {
                int best = 0;
                double bestValue = Double.NEGATIVE_INFINITY;
                double second = Double.NEGATIVE_INFINITY;
                for (int b = 0; b < Scene.BANDS; b++) {
                    double v = ((pixels.get(b, row, col) - min[b]) / (max[b] - min[b]) - mean[b]) / std[b];
                    if (v > bestValue) {
                        second = bestValue;
                        best = b;
                        bestValue = v;
                    } else {
                        second = Math.max(second, v);
                    }
                }
                // A tie within float rounding may go either way; such pixels are not judged.
                boolean nearTie = bestValue - second < 1e-4;
                expected[row * WIDTH + col] = nearTie ? -1 : best;
                ties += nearTie ? 1 : 0;
                changed += best != scene.truth()[row * WIDTH + col] ? 1 : 0;
            }
        }

        Path out = classify(TinyOnnxModels.brightestBandScores(Scene.BANDS), scene.file(),
            new InputScaling.BandStatistics(min, max, mean, std), "classes.tif");

        assertTrue(changed > WIDTH * HEIGHT / 20, "the statistics must change many winners, changed " + changed);
        assertTrue(ties < WIDTH * HEIGHT / 100, "near ties " + ties);
        float[] classes = GeoTiffs.read(out).pixels().values();
        long wrong = 0;
        for (int i = 0; i < expected.length; i++) {
            wrong += expected[i] >= 0 && classes[i] != expected[i] ? 1 : 0;
        }
        assertEquals(0, wrong, "pixels whose winner is not the band with the highest normalised value");
    }

    private Path classify(byte[] model, Path raster, InputScaling scaling, String name) throws Exception {
        Path out = tmp.resolve(name);
        try (OnnxModel loaded = OnnxModel.load(TinyOnnxModels.write(tmp.resolve("model.onnx"), model))) {
            new PixelClassifier(loaded, Scene.CLASSES).classify(ClassifyPixelsRequest.of(raster, out, List.of(0, 1, 2),
                TILE).withPadding(8).withBatchSize(2).withScaling(scaling), Progress.NONE);
        }
        return out;
    }

    private Path eightBit(FloatBands pixels) throws Exception {
        Path floats = tmp.resolve("float.tif");
        GeoTiffs.write(floats, pixels, Scene.TRANSFORM, Scene.UTM_33N);
        Path bytes = tmp.resolve("bytes.tif");
        Gdal.init();
        Dataset source = gdal.Open(floats.toString());
        try {
            Dataset copy = gdal.Translate(bytes.toString(), source,
                new TranslateOptions(new Vector<>(List.of("-ot", "Byte"))));
            copy.delete();
        } finally {
            source.delete();
        }
        return bytes;
    }
}
