package org.rasterhub.runner.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rasterhub.runner.testmodels.TinyOnnxModels;

class OnnxModelTest {
    private static final int BANDS = 3;
    private static final int HEIGHT = 32;
    private static final int WIDTH = 40;

    @TempDir Path tmp;

    @Test
    void classifiesEveryPixelAsItsBrightestBand() throws Exception {
        Random random = new Random(20261125L);
        float[] image = new float[BANDS * HEIGHT * WIDTH];
        long[] truth = new long[HEIGHT * WIDTH];
        for (int pixel = 0; pixel < truth.length; pixel++) {
            int brightest = random.nextInt(BANDS);
            truth[pixel] = brightest;
            for (int b = 0; b < BANDS; b++) {
                // Others stay strictly below the planted band, so there are no ties to break.
                float value = b == brightest ? 0.6f + 0.4f * random.nextFloat() : 0.5f * random.nextFloat();
                image[b * HEIGHT * WIDTH + pixel] = value;
            }
        }

        Tensor output;
        try (OnnxModel model = OnnxModel.load(brightestBandWins())) {
            output = model.run(FloatTensor.nchw(BANDS, HEIGHT, WIDTH, image));
        }

        LongTensor classes = assertInstanceOf(LongTensor.class, output);
        assertArrayEquals(new long[] {1, HEIGHT, WIDTH}, classes.shape());
        int wrong = 0;
        for (int pixel = 0; pixel < truth.length; pixel++) {
            if (classes.values()[pixel] != truth[pixel]) {
                wrong++;
            }
        }
        assertEquals(0, wrong, "wrongly classified pixels of " + truth.length);
    }

    @Test
    void runsOnTheOnnxRuntimeEngine() throws Exception {
        try (OnnxModel model = OnnxModel.load(brightestBandWins())) {
            assertEquals("OnnxRuntime", model.engineName());
        }
    }

    @Test
    void acceptsAnyTileSizeBecauseHeightAndWidthAreDynamic() throws Exception {
        try (OnnxModel model = OnnxModel.load(brightestBandWins())) {
            Tensor small = model.run(FloatTensor.nchw(BANDS, 2, 3, new float[BANDS * 2 * 3]));
            Tensor large = model.run(FloatTensor.nchw(BANDS, 64, 96, new float[BANDS * 64 * 96]));

            assertArrayEquals(new long[] {1, 2, 3}, small.shape());
            assertArrayEquals(new long[] {1, 64, 96}, large.shape());
        }
    }

    @Test
    void rejectsAnInputWithTheWrongBandCountNamingModelAndShape() throws Exception {
        Path file = brightestBandWins();
        try (OnnxModel model = OnnxModel.load(file)) {
            FloatTensor fourBands = FloatTensor.nchw(4, 8, 8, new float[4 * 8 * 8]);

            InferenceException e = assertThrows(InferenceException.class, () -> model.run(fourBands));

            assertEquals(file, e.modelFile());
            assertArrayEquals(new long[] {1, 4, 8, 8}, e.inputShape());
            assertTrue(e.getMessage().contains("[1, 4, 8, 8]"), e.getMessage());
        }
    }

    @Test
    void loadingAMissingFileNamesTheFile() {
        Path missing = tmp.resolve("absent.onnx");

        ModelLoadException e = assertThrows(ModelLoadException.class, () -> OnnxModel.load(missing));

        assertEquals(missing, e.modelFile());
        assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
    }

    @Test
    void loadingAFileThatIsNotAnOnnxModelNamesTheFile() throws Exception {
        Path notAModel = Files.writeString(tmp.resolve("notes.onnx"), "not a model");

        ModelLoadException e = assertThrows(ModelLoadException.class, () -> OnnxModel.load(notAModel));

        assertEquals(notAModel, e.modelFile());
        assertTrue(e.getMessage().startsWith("cannot load model " + notAModel), e.getMessage());
        assertTrue(e.getMessage().contains("Protobuf parsing failed"), "ONNX Runtime's reason");
    }

    private Path brightestBandWins() throws Exception {
        return TinyOnnxModels.write(tmp.resolve("brightest-band-wins.onnx"),
            TinyOnnxModels.brightestBandWins(BANDS));
    }
}
