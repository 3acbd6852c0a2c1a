package org.rasterhub.runner.engine;

import java.util.List;

/**
 * A loaded model that maps one float input tensor to its outputs, whatever engine runs it (ONNX
 * Runtime, PyTorch for TorchScript) and on whichever device. Tools (Classify Pixels, Detect Objects,
 * ...) depend on this, not on an engine.
 *
 * <p>Implementations are thread-safe and must be closed to free native memory.
 */
public interface InferenceModel extends AutoCloseable {

    /** Name of the engine that runs the model, as DJL reports it ("OnnxRuntime", "PyTorch"). */
    String engineName();

    /**
     * Runs the model on one input and returns its first output.
     *
     * @throws InferenceException when the engine rejects the input or fails while running
     */
    default Tensor run(FloatTensor input) throws InferenceException {
        return runAll(input).get(0);
    }

    /**
     * Runs the model on one input and returns every output in the model's declared order.
     *
     * @throws InferenceException when the engine rejects the input or fails while running
     */
    List<Tensor> runAll(FloatTensor input) throws InferenceException;

    /**
     * Copies of this model that run at once, each called from a thread of its own: one per GPU of a
     * model loaded on several ({@code TilePipeline} feeds each from its own model thread). A model on
     * one device is its only lane.
     */
    default List<InferenceModel> lanes() {
        return List.of(this);
    }

    @Override
    void close();
}
