package org.rasterhub.runner.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rasterhub.runner.testmodels.TinyOnnxModels;
import org.rasterhub.runner.testmodels.TinyTorchScriptModels;

class TorchScriptModelTest {
    private static final int BANDS = 3;
    private static final int HEIGHT = 32;
    private static final int WIDTH = 40;

    @TempDir Path tmp;

    @Test
    void softmaxScoresPutTheBrightestBandHighestForEveryPixel() throws Exception {
        Planted planted = Planted.brightestBand(20261125L);

        Tensor output;
        try (TorchScriptModel model = TorchScriptModel.load(write("scores.pt",
                TinyTorchScriptModels.brightestBandScores()), Processor.CPU)) {
            output = model.run(FloatTensor.nchw(BANDS, HEIGHT, WIDTH, planted.image()));
        }

        FloatTensor scores = assertInstanceOf(FloatTensor.class, output);
        assertArrayEquals(new long[] {1, BANDS, HEIGHT, WIDTH}, scores.shape());
        int wrong = 0;
        int plane = HEIGHT * WIDTH;
        for (int pixel = 0; pixel < plane; pixel++) {
            int best = 0;
            for (int b = 1; b < BANDS; b++) {
                if (scores.values()[b * plane + pixel] > scores.values()[best * plane + pixel]) {
                    best = b;
                }
            }
            if (best != planted.truth()[pixel]) {
                wrong++;
            }
        }
        assertEquals(0, wrong, "wrongly scored pixels of " + plane);
    }

    @Test
    void aWeightTensorInTheArchiveIsLoadedAndUsed() throws Exception {
        int[] bandOfClass = {2, 0, 1};
        Planted planted = Planted.brightestBand(7L);

        Tensor output;
        try (TorchScriptModel model = TorchScriptModel.load(write("permuted.pt",
                TinyTorchScriptModels.permutedBrightestBand(bandOfClass)), Processor.CPU)) {
            output = model.run(FloatTensor.nchw(BANDS, HEIGHT, WIDTH, planted.image()));
        }

        LongTensor classes = assertInstanceOf(LongTensor.class, output);
        assertArrayEquals(new long[] {1, HEIGHT, WIDTH}, classes.shape());
        int[] classOfBand = new int[BANDS];
        for (int k = 0; k < BANDS; k++) {
            classOfBand[bandOfClass[k]] = k;
        }
        int wrong = 0;
        for (int pixel = 0; pixel < planted.truth().length; pixel++) {
            if (classes.values()[pixel] != classOfBand[planted.truth()[pixel]]) {
                wrong++;
            }
        }
        assertEquals(0, wrong, "wrongly classified pixels of " + planted.truth().length);
    }

    @Test
    void runsOnThePyTorchEngine() throws Exception {
        try (TorchScriptModel model = TorchScriptModel.load(write("scores.pt",
                TinyTorchScriptModels.brightestBandScores()), Processor.CPU)) {
            assertEquals("PyTorch", model.engineName());
        }
    }

    @Test
    void refusesPickledPyTorchWeightsWithoutUnpicklingThem() throws Exception {
        Path pth = write("unet.pth", TinyTorchScriptModels.pickledStateDict());

        ModelLoadException e = assertThrows(ModelLoadException.class, () -> TorchScriptModel.load(pth, Processor.CPU));

        assertEquals(pth, e.modelFile());
        assertEquals("cannot load model " + pth + ": expected a TorchScript archive (torch.jit.save) but found"
            + " pickled PyTorch weights: RasterHub never unpickles; export the model to ONNX (torch.onnx.export) or"
            + " TorchScript (torch.jit.script/trace) and upload that", e.getMessage());
    }

    @Test
    void refusesALegacyPickleStreamNamedPt() throws Exception {
        // A pre-1.6 torch.save file is a bare pickle stream; this one would run os.system.
        byte[] pickle = {(byte) 0x80, 2, 'c', 'o', 's', '\n', 's', 'y', 's', 't', 'e', 'm', '\n', '.'};
        Path pt = Files.write(tmp.resolve("model.pt"), pickle);

        ModelLoadException e = assertThrows(ModelLoadException.class, () -> TorchScriptModel.load(pt, Processor.CPU));

        assertEquals("cannot load model " + pt + ": expected a TorchScript archive (torch.jit.save) but found"
            + " pickled PyTorch weights that would run os.system when opened in Python: do not open it; RasterHub"
            + " never unpickles it", e.getMessage());
    }

    @Test
    void refusesADamagedZipNamingTheProblem() throws Exception {
        byte[] archive = TinyTorchScriptModels.brightestBandScores();
        Path cut = write("cut.pt", Arrays.copyOf(archive, archive.length / 2));

        ModelLoadException e = assertThrows(ModelLoadException.class, () -> TorchScriptModel.load(cut, Processor.CPU));

        assertTrue(e.getMessage().startsWith("cannot load model " + cut + ": expected a TorchScript archive"
            + " (torch.jit.save) but the file cannot be fully read (starts like a zip archive but cannot be read as"
            + " one ("), e.getMessage());
        assertTrue(e.getMessage().endsWith("); nothing was loaded"), e.getMessage());
    }

    @Test
    void refusesAnOnnxFilePassedAsTorchScript() throws Exception {
        Path onnx = TinyOnnxModels.write(tmp.resolve("model.onnx"), TinyOnnxModels.brightestBandWins(BANDS));

        ModelLoadException e = assertThrows(ModelLoadException.class, () -> TorchScriptModel.load(onnx, Processor.CPU));

        assertEquals("cannot load model " + onnx + ": expected a TorchScript archive (torch.jit.save) but found"
            + " ONNX; load it as ONNX", e.getMessage());
    }

    @Test
    void passesOnLibtorchsReasonWhenTheCodeDoesNotCompile() throws Exception {
        Path broken = write("broken.pt", TinyTorchScriptModels.notCompilable());

        ModelLoadException e = assertThrows(ModelLoadException.class,
            () -> TorchScriptModel.load(broken, Processor.CPU));

        assertEquals("cannot load model " + broken + ": Unknown builtin op: aten::no_such_operator. Could not find"
            + " any similar ops to aten::no_such_operator. This op may not exist or may not be currently supported in"
            + " TorchScript. (File \"code/__torch__.py\", line 7)", e.getMessage());
    }

    @Test
    void refusesAGpuBecauseThereIsNoCudaLibtorch() throws Exception {
        Path file = write("scores.pt", TinyTorchScriptModels.brightestBandScores());

        ModelLoadException e = assertThrows(ModelLoadException.class,
            () -> TorchScriptModel.load(file, Processor.gpu(0)));

        assertTrue(e.getMessage().contains("TorchScript runs on the CPU only here (GPU 0 was asked for)"),
            e.getMessage());
    }

    @Test
    void rejectsAnInputWithTheWrongBandCountNamingModelAndShape() throws Exception {
        Path file = write("permuted.pt", TinyTorchScriptModels.permutedBrightestBand(new int[] {0, 1, 2}));
        try (TorchScriptModel model = TorchScriptModel.load(file, Processor.CPU)) {
            FloatTensor fourBands = FloatTensor.nchw(4, 8, 8, new float[4 * 8 * 8]);

            InferenceException e = assertThrows(InferenceException.class, () -> model.run(fourBands));

            assertEquals(file, e.modelFile());
            assertTrue(e.getMessage().startsWith("model permuted.pt failed on input [1, 4, 8, 8]: Given groups=1,"
                + " weight of size [3, 3, 1, 1], expected input[1, 4, 8, 8] to have 3 channels"), e.getMessage());
            assertTrue(e.getMessage().indexOf('\n') < 0, "one line: " + e.getMessage());
            assertTrue(!e.getMessage().contains(file.getParent().toString()), "no server folder: " + e.getMessage());
        }
    }

    @Test
    void loadingAMissingFileNamesTheFile() {
        Path missing = tmp.resolve("absent.pt");

        ModelLoadException e = assertThrows(ModelLoadException.class,
            () -> TorchScriptModel.load(missing, Processor.CPU));

        assertEquals("cannot load model " + missing + ": no such file", e.getMessage());
    }

    private Path write(String name, byte[] archive) throws Exception {
        return TinyTorchScriptModels.write(tmp.resolve(name), archive);
    }

    /** A band-major image whose brightest band per pixel is the truth; no ties. */
    record Planted(float[] image, int[] truth) {
        static Planted brightestBand(long seed) {
            Random random = new Random(seed);
            float[] image = new float[BANDS * HEIGHT * WIDTH];
            int[] truth = new int[HEIGHT * WIDTH];
            for (int pixel = 0; pixel < truth.length; pixel++) {
                truth[pixel] = random.nextInt(BANDS);
                for (int b = 0; b < BANDS; b++) {
                    image[b * HEIGHT * WIDTH + pixel] = b == truth[pixel]
                        ? 0.6f + 0.4f * random.nextFloat() : 0.5f * random.nextFloat();
                }
            }
            return new Planted(image, truth);
        }
    }
}
