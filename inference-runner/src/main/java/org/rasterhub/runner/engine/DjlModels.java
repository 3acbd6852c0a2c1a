package org.rasterhub.runner.engine;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.inference.Predictor;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.TranslateException;

/** Loading and running a model file through DJL, the same for every engine. */
final class DjlModels {
    /**
     * DJL's ONNX Runtime engine otherwise starts PyTorch, when present, as its "alternative" engine
     * for operators ORT NDArrays lack (OrtEngine.getAlternativeEngine, DJL 0.36): +2.5 s and +432 MB
     * for ONNX-only runs. {@link ArrayTranslator} needs no such operator.
     */
    static final String DISABLE_ALTERNATIVE = "ai.djl.onnx.disable_alternative";

    static {
        // Before any engine starts: OrtEngine reads it once, on its first NDManager. An explicit
        // setting on the command line wins.
        if (System.getProperty(DISABLE_ALTERNATIVE) == null) {
            System.setProperty(DISABLE_ALTERNATIVE, "true");
        }
    }

    private DjlModels() {
    }

    /**
     * Loads a model file into the named engine on one device.
     *
     * @throws ModelLoadException with the engine's own reason when it rejects the file
     */
    static ZooModel<FloatTensor, Tensor[]> load(Path file, String engine, Device device,
                                               Map<String, String> options) throws ModelLoadException {
        // Naming the engine keeps DJL from picking a default one, which would be PyTorch whenever
        // that engine is on the classpath. Folder plus file name: given the file itself, DJL warns
        // "Simple repository pointing to a non-archive file" on every load.
        Criteria.Builder<FloatTensor, Tensor[]> criteria = Criteria.builder()
            .setTypes(FloatTensor.class, Tensor[].class)
            .optModelPath(file.toAbsolutePath().getParent())
            .optModelName(file.getFileName().toString())
            .optEngine(engine)
            .optDevice(device)
            .optTranslator(new ArrayTranslator());
        options.forEach(criteria::optOption);
        try {
            return criteria.build().loadModel();
        } catch (ModelNotFoundException | MalformedModelException | IOException | RuntimeException e) {
            // DJL wraps the engine's reason ("Protobuf parsing failed", an unknown operator, ...) in
            // a generic message, and reports some failures unchecked (EngineException).
            throw new ModelLoadException(file, rootMessage(e), e);
        }
    }

    /** Runs one input with a fresh predictor, so concurrent callers share nothing but the model. */
    static List<Tensor> run(ZooModel<FloatTensor, Tensor[]> model, Path file, FloatTensor input)
            throws InferenceException {
        try (Predictor<FloatTensor, Tensor[]> predictor = model.newPredictor()) {
            return List.of(predictor.predict(input));
        } catch (TranslateException | RuntimeException e) {
            throw new InferenceException(file, input.shape(), rootMessage(e), e);
        }
    }

    static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.toString() : root.getMessage();
    }
}
