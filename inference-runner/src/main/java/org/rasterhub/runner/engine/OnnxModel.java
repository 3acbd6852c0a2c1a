package org.rasterhub.runner.engine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import ai.djl.Device;
import ai.djl.repository.zoo.ZooModel;

/**
 * An ONNX model loaded into DJL's ONNX Runtime engine, on the CPU or one GPU. On a GPU, DJL's
 * OrtModel adds ONNX Runtime's CUDA execution provider for the device, which needs the GPU build of
 * ONNX Runtime (Maven profile {@code gpu}).
 *
 * <p>Thread-safe: each {@link #run} call uses its own DJL predictor, and ONNX Runtime sessions accept
 * concurrent runs. Close the model to free its native session.
 */
public final class OnnxModel implements InferenceModel {
    /** DJL's name for the ONNX Runtime engine. */
    public static final String ENGINE = "OnnxRuntime";

    private final Path file;
    private final ZooModel<FloatTensor, Tensor[]> model;

    private OnnxModel(Path file, ZooModel<FloatTensor, Tensor[]> model) {
        this.file = file;
        this.model = model;
    }

    /**
     * Loads an {@code .onnx} file on the CPU. Nothing is downloaded: the engine's native library ships in the
     * ONNX Runtime jar.
     *
     * @throws ModelLoadException when the file is missing or ONNX Runtime rejects it
     */
    public static OnnxModel load(Path file) throws ModelLoadException {
        return load(file, Processor.CPU);
    }

    /**
     * Loads an {@code .onnx} file on the CPU or on one GPU.
     *
     * @throws ModelLoadException when the file is missing, ONNX Runtime rejects it, or the processor
     *     names a GPU this machine lacks (never a silent fall-back to the CPU)
     * @throws IllegalArgumentException when the processor names several GPUs: load one model per GPU
     *     ({@link InferenceModels#load} does)
     */
    public static OnnxModel load(Path file, Processor processor) throws ModelLoadException {
        if (!Files.isRegularFile(file)) {
            throw new ModelLoadException(file, "no such file", null);
        }
        Device device = Gpus.device(file, processor);
        try {
            return new OnnxModel(file, DjlModels.load(file, ENGINE, device, Map.of()));
        } catch (ModelLoadException e) {
            if (device.isGpu() && e.getMessage().contains("CUDA")) {
                throw new ModelLoadException(file, "ONNX Runtime cannot use " + processor + " ("
                    + DjlModels.rootMessage(e.getCause())
                    + "); the GPU build of ONNX Runtime and CUDA 12 with cuDNN 9 are needed: build with -Pgpu",
                    e.getCause());
            }
            throw e;
        }
    }

    /** Name of the engine DJL actually loaded the model into. */
    @Override
    public String engineName() {
        return model.getNDManager().getEngine().getEngineName();
    }

    /**
     * Runs the model on one input and returns every output in the model's declared order.
     *
     * @throws InferenceException when the engine rejects the input (wrong rank, channel count or
     *     type) or fails while running
     */
    @Override
    public List<Tensor> runAll(FloatTensor input) throws InferenceException {
        return DjlModels.run(model, file, input);
    }

    @Override
    public void close() {
        model.close();
    }

    @Override
    public String toString() {
        return "OnnxModel[" + file + "]";
    }
}
