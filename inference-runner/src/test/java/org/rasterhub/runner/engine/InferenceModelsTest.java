package org.rasterhub.runner.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rasterhub.core.codescan.Engine;
import org.rasterhub.core.codescan.FileKind;
import org.rasterhub.runner.testmodels.TinyOnnxModels;
import org.rasterhub.runner.testmodels.TinyTorchScriptModels;

class InferenceModelsTest {
    private static final int BANDS = 3;

    @TempDir Path tmp;

    @Test
    void onnxRunsOnOnnxRuntimeEvenWithPyTorchOnTheClasspath() throws Exception {
        assumeTrue(ai.djl.engine.Engine.hasEngine("PyTorch"), "the PyTorch engine must be on the test classpath");

        try (InferenceModel model = InferenceModels.load(onnx(), ModelFormat.ONNX, Processor.CPU)) {
            assertEquals("OnnxRuntime", model.engineName());
        }
    }

    @Test
    void onnxRuntimeNeverStartsPyTorchAsItsAlternativeEngine() throws Exception {
        try (InferenceModel model = InferenceModels.load(onnx(), ModelFormat.ONNX, Processor.CPU)) {
            model.run(FloatTensor.nchw(BANDS, 2, 2, new float[BANDS * 4]));
        }

        // Without ai.djl.onnx.disable_alternative this is the PyTorch engine (DJL 0.36).
        assertNull(ai.djl.engine.Engine.getEngine("OnnxRuntime").getAlternativeEngine());
    }

    @Test
    void torchScriptRunsOnPyTorch() throws Exception {
        Path file = TinyTorchScriptModels.write(tmp.resolve("scores.pt"), TinyTorchScriptModels.brightestBandScores());

        try (InferenceModel model = InferenceModels.load(file, ModelFormat.TORCHSCRIPT, Processor.CPU)) {
            assertEquals("PyTorch", model.engineName());
        }
    }

    @Test
    void anOnnxFileLoadedAsTorchScriptIsRefused() throws Exception {
        Path file = onnx();

        ModelLoadException e = assertThrows(ModelLoadException.class,
            () -> InferenceModels.load(file, ModelFormat.TORCHSCRIPT, Processor.CPU));

        assertTrue(e.getMessage().endsWith("but found ONNX; load it as ONNX"), e.getMessage());
    }

    @Test
    void countsGpusWithoutCudaInsteadOfFailing() {
        int gpus = InferenceModels.gpuCount();

        assertTrue(gpus >= 0, "GPU count " + gpus);
        assertEquals(gpus, InferenceModels.gpuCount(), "counted once");
    }

    @Test
    void askingForAGpuOnAMachineWithoutOneFailsInsteadOfFallingBackToTheCpu() throws Exception {
        assumeTrue(InferenceModels.gpuCount() == 0, "this machine has a GPU");
        Path file = onnx();

        ModelLoadException e = assertThrows(ModelLoadException.class,
            () -> InferenceModels.load(file, ModelFormat.ONNX, Processor.gpu(0)));

        assertEquals(file, e.modelFile());
        assertEquals("cannot load model " + file + ": the run asks for GPU 0 but this machine has none (CUDA reports"
            + " no device); choose processor type CPU", e.getMessage());
    }

    @Test
    void askingForAGpuIdBeyondTheLastOneNamesTheIdsThereAre() throws Exception {
        int gpus = InferenceModels.gpuCount();
        Path file = onnx();

        ModelLoadException e = assertThrows(ModelLoadException.class,
            () -> InferenceModels.load(file, ModelFormat.ONNX, Processor.gpu(gpus, gpus + 1)));

        assertTrue(e.getMessage().contains("the run asks for GPU " + gpus + " but this machine has "),
            e.getMessage());
    }

    @Test
    void severalCopiesTakeCallsInTurn() throws Exception {
        float[] image = {0.9f, 0.1f, 0.5f};   // one pixel, band 0 brightest
        FloatTensor input = FloatTensor.nchw(BANDS, 1, 1, image);
        // Class k scores band bandOfClass[k]: band 0 wins as class 0 in the first copy, class 2 in the second.
        InferenceModel first = TorchScriptModel.load(TinyTorchScriptModels.write(tmp.resolve("a.pt"),
            TinyTorchScriptModels.permutedBrightestBand(new int[] {0, 1, 2})), Processor.CPU);
        InferenceModel second = TorchScriptModel.load(TinyTorchScriptModels.write(tmp.resolve("b.pt"),
            TinyTorchScriptModels.permutedBrightestBand(new int[] {1, 2, 0})), Processor.CPU);

        long[] answers = new long[4];
        try (SpreadModel spread = new SpreadModel(List.of(first, second))) {
            for (int i = 0; i < answers.length; i++) {
                answers[i] = ((LongTensor) spread.run(input)).values()[0];
            }
        }

        assertEquals("[0, 2, 0, 2]", Arrays.toString(answers));
    }

    @Test
    void bothEnginesAreHereForTheCodeScan() {
        assertEquals(EnumSet.of(Engine.ONNX_RUNTIME, Engine.PYTORCH), InferenceModels.enginesHere());
    }

    @Test
    void theCodeScansFileKindsMapToFormats() {
        assertEquals(Optional.of(ModelFormat.ONNX), ModelFormat.of(FileKind.ONNX));
        assertEquals(Optional.of(ModelFormat.TORCHSCRIPT), ModelFormat.of(FileKind.TORCHSCRIPT));
        assertEquals(Optional.empty(), ModelFormat.of(FileKind.PYTORCH_PICKLE_ARCHIVE));
    }

    @Test
    void theCacheFolderCannotMoveOncePyTorchHasStarted() throws Exception {
        Path file = TinyTorchScriptModels.write(tmp.resolve("scores.pt"), TinyTorchScriptModels.brightestBandScores());
        try (InferenceModel model = InferenceModels.load(file, ModelFormat.TORCHSCRIPT, Processor.CPU)) {
            assertEquals("PyTorch", model.engineName());
        }
        Path elsewhere = tmp.resolve("cache");
        assertNotEquals(elsewhere.toString(), System.getProperty("ENGINE_CACHE_DIR"));

        IllegalStateException e = assertThrows(IllegalStateException.class,
            () -> InferenceModels.useCacheFolder(elsewhere));

        assertTrue(e.getMessage().startsWith("the PyTorch engine already started with its libraries in "),
            e.getMessage());
    }

    @Test
    void processorsNameEachGpuOnce() {
        assertEquals("CPU", Processor.CPU.toString());
        assertEquals("GPUs 0, 2", Processor.gpu(0, 2).toString());
        assertThrows(IllegalArgumentException.class, () -> Processor.gpu(1, 1));
        assertThrows(IllegalArgumentException.class, () -> Processor.gpu(-1));
        assertThrows(IllegalArgumentException.class, Processor::gpu);
    }

    private Path onnx() throws Exception {
        return TinyOnnxModels.write(tmp.resolve("wins.onnx"), TinyOnnxModels.brightestBandWins(BANDS));
    }
}
