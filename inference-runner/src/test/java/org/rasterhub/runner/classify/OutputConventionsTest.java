package org.rasterhub.runner.classify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rasterhub.core.emd.ModelClass;
import org.rasterhub.core.ingest.Progress;
import org.rasterhub.runner.contract.ContractAdaptedModel;
import org.rasterhub.runner.contract.OnnxModelFacts;
import org.rasterhub.runner.engine.OnnxModel;
import org.rasterhub.runner.raster.ClassMapWriter;
import org.rasterhub.runner.raster.FloatBands;
import org.rasterhub.runner.raster.GeoTiffs;
import org.rasterhub.runner.testmodels.TinyOnnxModels;

/**
 * The output conventions of real segmentation models (issue #14), each reproduced by a tiny ONNX
 * model and checked pixel by pixel against a result computed here from the raster itself, over a
 * scene of many tiles so that every seam between tiles is crossed.
 */
class OutputConventionsTest {
    private static final int WIDTH = 300;
    private static final int HEIGHT = 220;
    private static final int TILE = 64;
    private static final int PADDING = 16;
    private static final List<Integer> ALL_BANDS = List.of(0, 1, 2);
    private static final List<ModelClass> CLASSES = Scene.CLASSES;

    @TempDir Path tmp;

    @Test
    void anOutputCoveringOnlyTheTilesCoreIsPlacedOnTheCoreAndTheResultIsSeamless() throws Exception {
        // Output edge = tile - 2 x padding (Esri's land-cover package: the centre 128 of a 256 tile).
        Scene scene = Scene.brightestBand(tmp.resolve("scene.tif"), WIDTH, HEIGHT, 5L);

        Path out = classify(TinyOnnxModels.brightestBandScoresCropped(Scene.BANDS, PADDING), scene);

        assertEquals(0, scene.wrongPixels(out), "pixels unlike a whole-image pass, of " + WIDTH * HEIGHT);
    }

    @Test
    void channelsLastScoresAreReadAlongTheirLastAxis() throws Exception {
        Scene scene = Scene.brightestBand(tmp.resolve("scene.tif"), WIDTH, HEIGHT, 6L);

        Path out = classify(TinyOnnxModels.brightestBandScoresChannelsLast(Scene.BANDS), scene);

        assertEquals(0, scene.wrongPixels(out));
    }

    @Test
    void oneSigmoidChannelIsABinaryModelThresholdedAtOneHalf() throws Exception {
        // sigmoid(band 0 - 100.5): at least 0.5 exactly where band 0 is the winner (101-200), else below.
        Scene scene = Scene.brightestBand(tmp.resolve("scene.tif"), WIDTH, HEIGHT, 8L);
        int[] expected = new int[scene.truth().length];
        for (int i = 0; i < expected.length; i++) {
            expected[i] = scene.truth()[i] == 0 ? 1 : 0;
        }

        Path out = classify(TinyOnnxModels.firstBandAboveSigmoid(Scene.BANDS, 100.5f), scene);

        assertEquals(0, Scene.wrongPixels(out, WIDTH, HEIGHT, expected));
    }

    @Test
    void aCoarserOutputIsSpreadOverThePixelsEachValueCovers() throws Exception {
        // Scores averaged over 4 x 4 blocks: a 16 x 16 output for a 64 tile. With the padding and the
        // core multiples of 4, blocks fall on the raster's own 4 x 4 grid, so the expected class of a
        // pixel is the band with the highest sum over its block of the raster (ties: the lowest band).
        Scene scene = Scene.brightestBand(tmp.resolve("scene.tif"), WIDTH, HEIGHT, 9L);
        FloatBands pixels = GeoTiffs.read(scene.file()).pixels();
        int block = 4;
        int[] expected = new int[WIDTH * HEIGHT];
        for (int row = 0; row < HEIGHT; row++) {
            for (int col = 0; col < WIDTH; col++) {
                int top = row / block * block;
                int left = col / block * block;
                int best = 0;
                long bestSum = Long.MIN_VALUE;
                for (int band = 0; band < Scene.BANDS; band++) {
                    long sum = 0;
                    for (int r = top; r < top + block; r++) {
                        for (int c = left; c < left + block; c++) {
                            sum += (long) pixels.get(band, r, c);
                        }
                    }
                    if (sum > bestSum) {
                        best = band;
                        bestSum = sum;
                    }
                }
                expected[row * WIDTH + col] = best;
            }
        }

        Path out = classify(TinyOnnxModels.brightestBandScoresPooled(Scene.BANDS, block), scene);

        assertEquals(0, Scene.wrongPixels(out, WIDTH, HEIGHT, expected));
    }

    @Test
    void aModelTakingItsBandsLastWithABatchFixedAtOneRunsLikeAnyOther() throws Exception {
        // A TensorFlow-style export: input [1, 64, 64, 3]. The run feeds [3, 3, 64, 64] batches.
        Scene scene = Scene.brightestBand(tmp.resolve("scene.tif"), WIDTH, HEIGHT, 10L);
        Path file = TinyOnnxModels.write(tmp.resolve("nhwc.onnx"), TinyOnnxModels.channelsLastInput(Scene.BANDS, TILE));
        Path out = tmp.resolve("classes.tif");
        try (OnnxModel loaded = OnnxModel.load(file)) {
            new PixelClassifier(ContractAdaptedModel.adapt(loaded, OnnxModelFacts.read(file)), CLASSES).classify(
                ClassifyPixelsRequest.of(scene.file(), out, ALL_BANDS, TILE).withPadding(PADDING).withBatchSize(3),
                Progress.NONE);
        }

        assertEquals(0, scene.wrongPixels(out));
    }

    @Test
    void aBinaryModelsThresholdIsTheRunsThreshold() throws Exception {
        // sigmoid(band 0 - 100.5) >= 0.8 exactly where band 0 - 100.5 >= ln(4) = 1.386: band 0 from 102.
        Scene scene = Scene.brightestBand(tmp.resolve("scene.tif"), WIDTH, HEIGHT, 11L);
        FloatBands pixels = GeoTiffs.read(scene.file()).pixels();
        int[] expected = new int[WIDTH * HEIGHT];
        for (int i = 0; i < expected.length; i++) {
            expected[i] = pixels.get(0, i / WIDTH, i % WIDTH) >= 102 ? 1 : 0;
        }

        Path out = classify(TinyOnnxModels.firstBandAboveSigmoid(Scene.BANDS, 100.5f), scene,
            new OutputReading(OutputReading.FIRST_ACCEPTED, 0.8f, false));

        assertEquals(0, Scene.wrongPixels(out, WIDTH, HEIGHT, expected));
    }

    @Test
    void severalSigmoidChannelsGiveTheMostProbableClassOnlyWhereItReachesTheThreshold() throws Exception {
        // Channel b = sigmoid(band b - 150.5): the brightest band wins where it is above 150, else no class.
        Scene scene = Scene.brightestBand(tmp.resolve("scene.tif"), WIDTH, HEIGHT, 12L);
        FloatBands pixels = GeoTiffs.read(scene.file()).pixels();
        int[] expected = new int[WIDTH * HEIGHT];
        int unclassified = 0;
        for (int i = 0; i < expected.length; i++) {
            int winner = scene.truth()[i];
            boolean above = pixels.get(winner, i / WIDTH, i % WIDTH) > 150;
            expected[i] = above ? winner : ClassMapWriter.NO_DATA;
            unclassified += above ? 0 : 1;
        }

        Path out = classify(TinyOnnxModels.bandsAboveSigmoid(Scene.BANDS, 150.5f), scene,
            new OutputReading(OutputReading.FIRST_ACCEPTED, 0.5f, true));

        assertTrue(unclassified > WIDTH * HEIGHT / 4 && unclassified < WIDTH * HEIGHT * 3 / 4, "" + unclassified);
        assertEquals(0, Scene.wrongPixels(out, WIDTH, HEIGHT, expected));
    }

    @Test
    void anAuxiliaryOutputDeclaredFirstIsPassedOverForTheFirstPerPixelOutput() throws Exception {
        Scene scene = Scene.brightestBand(tmp.resolve("scene.tif"), WIDTH, HEIGHT, 13L);

        Path out = classify(TinyOnnxModels.auxiliaryOutputFirst(Scene.BANDS), scene, OutputReading.DEFAULT);

        assertEquals(0, scene.wrongPixels(out));
    }

    @Test
    void anOutputNamedByIndexIsReadEvenIfAnotherCameFirst() throws Exception {
        Scene scene = Scene.brightestBand(tmp.resolve("scene.tif"), WIDTH, HEIGHT, 14L);

        Path out = classify(TinyOnnxModels.auxiliaryOutputFirst(Scene.BANDS), scene, new OutputReading(1, 0.5f, false));
        assertEquals(0, scene.wrongPixels(out));

        ModelOutputException e = assertThrows(ModelOutputException.class, () -> classify(
            TinyOnnxModels.auxiliaryOutputFirst(Scene.BANDS), scene, new OutputReading(0, 0.5f, false)));
        assertTrue(e.getMessage().contains("unsupported shape"), e.getMessage());
    }

    @Test
    void eachConventionIsDescribedAsTheItemPageShowsIt() {
        // Esri's land-cover package: 256 tiles, ModelPadding 64, scores of 6 classes for the centre.
        assertEquals(java.util.Optional.of("class scores of 6 classes for the tile's centre 128 × 128"),
            ClassMap.describe(new long[] {1, 6, 128, 128}, "float", 256, 64));
        assertEquals(java.util.Optional.of("class indexes for the whole tile at 1/4 resolution"),
            ClassMap.describe(new long[] {1, 64, 64}, "int64", 256, 64));
        assertEquals(java.util.Optional.of("class scores of 3 classes, channels last, for the whole tile"),
            ClassMap.describe(new long[] {1, 256, 256, 3}, "float", 256, 64));
        assertEquals(java.util.Optional.empty(), ClassMap.describe(new long[] {1, 6, 100, 100}, "float", 256, 64));
    }

    private Path classify(byte[] model, Scene scene) throws Exception {
        return classify(model, scene, OutputReading.DEFAULT);
    }

    private Path classify(byte[] model, Scene scene, OutputReading reading) throws Exception {
        Path out = tmp.resolve("classes.tif");
        try (OnnxModel loaded = OnnxModel.load(TinyOnnxModels.write(tmp.resolve("model.onnx"), model))) {
            new PixelClassifier(loaded, CLASSES).classify(ClassifyPixelsRequest.of(scene.file(), out, ALL_BANDS, TILE)
                .withPadding(PADDING).withBatchSize(3).withReading(reading), Progress.NONE);
        }
        return out;
    }
}
