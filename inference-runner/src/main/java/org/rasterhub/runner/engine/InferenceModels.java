package org.rasterhub.runner.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.rasterhub.core.codescan.Engine;

/**
 * Loads a model file with the engine its format needs, on the processor asked for, and says what
 * this installation can run. Stateless apart from DJL's process-wide settings; thread-safe.
 */
public final class InferenceModels {
    /** Where DJL unpacks engines (libtorch: 432 MB); DJL's default is {@code ~/.djl.ai}. */
    static final String DJL_CACHE_DIR = "DJL_CACHE_DIR";
    static final String ENGINE_CACHE_DIR = "ENGINE_CACHE_DIR";
    // The pytorch-native-cpu jar's index: with it DJL unpacks libtorch offline; without it DJL downloads.
    private static final String BUNDLED_LIBTORCH = "native/lib/pytorch.properties";

    private static volatile boolean pyTorchStarted;

    private InferenceModels() {
    }

    /**
     * Loads a model file with ONNX Runtime (ONNX) or PyTorch (TorchScript), on the CPU or on GPUs. A
     * processor naming several GPUs gets one copy of the model per GPU ({@link #spread}).
     *
     * @throws ModelLoadException when the file cannot be loaded in that format, or the processor asks
     *     for a GPU this machine lacks; the message names the file and the reason
     */
    public static InferenceModel load(Path modelFile, ModelFormat format, Processor processor)
            throws ModelLoadException {
        if (processor.gpuIds().size() <= 1) {
            return loadOne(modelFile, format, processor);
        }
        List<InferenceModel> copies = new ArrayList<>();
        try {
            for (int id : processor.gpuIds()) {
                copies.add(loadOne(modelFile, format, Processor.gpu(id)));
            }
        } catch (ModelLoadException | RuntimeException e) {
            copies.forEach(InferenceModel::close);
            throw e;
        }
        return spread(copies);
    }

    /**
     * One model over copies loaded on several devices: its {@link InferenceModel#lanes} are the copies,
     * so that the tile pipeline runs a batch on each at once. Closing it closes them.
     */
    public static InferenceModel spread(List<InferenceModel> copies) {
        if (copies.isEmpty()) {
            throw new IllegalArgumentException("at least one copy");
        }
        return new SpreadModel(copies);
    }

    private static InferenceModel loadOne(Path file, ModelFormat format, Processor processor)
            throws ModelLoadException {
        return switch (format) {
            case ONNX -> OnnxModel.load(file, processor);
            case TORCHSCRIPT -> TorchScriptModel.load(file, processor);
        };
    }

    /**
     * The engines that can run models here, offline: for the code scan's verdicts
     * ({@code new PackageFileScanner(InferenceModels.enginesHere())}). Starts no engine.
     */
    public static Set<Engine> enginesHere() {
        Set<Engine> engines = EnumSet.noneOf(Engine.class);
        if (ai.djl.engine.Engine.hasEngine(OnnxModel.ENGINE)) {
            engines.add(Engine.ONNX_RUNTIME);
        }
        if (ai.djl.engine.Engine.hasEngine(TorchScriptModel.ENGINE)
                && (InferenceModels.class.getClassLoader().getResource(BUNDLED_LIBTORCH) != null
                    || System.getenv("PYTORCH_LIBRARY_PATH") != null)) {
            engines.add(Engine.PYTORCH);
        }
        return Collections.unmodifiableSet(engines);
    }

    /**
     * GPUs CUDA reports on this machine; 0 without a GPU, driver or CUDA runtime. Starts no engine.
     * For the pre-flight check: {@code new PreflightCheck(InferenceModels.gpuCount() > 0)}.
     */
    public static int gpuCount() {
        return Gpus.count();
    }

    /**
     * Makes DJL unpack engines (libtorch, 432 MB, on the first TorchScript load) into this folder
     * instead of {@code ~/.djl.ai}; creates it. Call it at start-up, before loading any model. The
     * same is done with {@code -DDJL_CACHE_DIR=<folder>}.
     *
     * @throws IOException when the folder cannot be created or is not writable
     * @throws IllegalStateException when the PyTorch engine already started with another folder
     */
    public static void useCacheFolder(Path folder) throws IOException {
        Path absolute = folder.toAbsolutePath().normalize();
        synchronized (InferenceModels.class) {
            String current = System.getProperty(ENGINE_CACHE_DIR, System.getProperty(DJL_CACHE_DIR));
            if (pyTorchStarted && !absolute.toString().equals(current)) {
                throw new IllegalStateException("the PyTorch engine already started with its libraries in "
                    + (current == null ? "~/.djl.ai" : current) + "; set the cache folder " + absolute
                    + " before the first model is loaded");
            }
            Files.createDirectories(absolute);
            if (!Files.isWritable(absolute)) {
                throw new IOException("DJL cache folder " + absolute + " is not writable");
            }
            System.setProperty(DJL_CACHE_DIR, absolute.toString());
            System.setProperty(ENGINE_CACHE_DIR, absolute.toString());
        }
    }

    static void pyTorchStarting() {
        synchronized (InferenceModels.class) {
            pyTorchStarted = true;
        }
    }
}
