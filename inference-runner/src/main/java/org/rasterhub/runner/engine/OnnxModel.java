package org.rasterhub.runner.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import ai.djl.MalformedModelException;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.Batchifier;
import ai.djl.translate.TranslateException;
import ai.djl.translate.Translator;
import ai.djl.translate.TranslatorContext;

/**
 * An ONNX model loaded into DJL's ONNX Runtime engine, on the CPU.
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
     * Loads an {@code .onnx} file. Nothing is downloaded: the engine's native library ships in the
     * ONNX Runtime jar.
     *
     * @throws ModelLoadException when the file is missing or ONNX Runtime rejects it
     */
    public static OnnxModel load(Path file) throws ModelLoadException {
        if (!Files.isRegularFile(file)) {
            throw new ModelLoadException(file, "no such file", null);
        }
        // Naming the engine keeps DJL from picking a default one, which would be PyTorch whenever
        // that engine is on the classpath (it then loads too: +2.5 s, +432 MB).
        // Folder plus file name: given the file itself, DJL warns "Simple repository pointing to a
        // non-archive file" on every load.
        Criteria<FloatTensor, Tensor[]> criteria = Criteria.builder()
            .setTypes(FloatTensor.class, Tensor[].class)
            .optModelPath(file.toAbsolutePath().getParent())
            .optModelName(file.getFileName().toString())
            .optEngine(ENGINE)
            .optTranslator(new ArrayTranslator())
            .build();
        try {
            return new OnnxModel(file, criteria.loadModel());
        } catch (ModelNotFoundException | MalformedModelException | IOException | RuntimeException e) {
            // DJL wraps ONNX Runtime's reason ("Protobuf parsing failed", an unknown operator, ...)
            // in a generic message, and reports an invalid graph unchecked (EngineException).
            throw new ModelLoadException(file, rootMessage(e), e);
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
        try (Predictor<FloatTensor, Tensor[]> predictor = model.newPredictor()) {
            return List.of(predictor.predict(input));
        } catch (TranslateException | RuntimeException e) {
            throw new InferenceException(file, input.shape(), rootMessage(e), e);
        }
    }

    @Override
    public void close() {
        model.close();
    }

    @Override
    public String toString() {
        return "OnnxModel[" + file + "]";
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.toString() : root.getMessage();
    }

    /**
     * Copies Java arrays into the engine and back while the predictor's native memory is still open,
     * so nothing native outlives a call.
     */
    private static final class ArrayTranslator implements Translator<FloatTensor, Tensor[]> {

        @Override
        public NDList processInput(TranslatorContext ctx, FloatTensor input) {
            return new NDList(ctx.getNDManager().create(input.values(), new Shape(input.shape())));
        }

        @Override
        public Tensor[] processOutput(TranslatorContext ctx, NDList outputs) {
            Tensor[] tensors = new Tensor[outputs.size()];
            for (int i = 0; i < tensors.length; i++) {
                tensors[i] = toTensor(outputs.get(i));
            }
            return tensors;
        }

        // The input already carries its batch dimension (N of NCHW): DJL must not add one.
        @Override
        public Batchifier getBatchifier() {
            return null;
        }

        private static Tensor toTensor(NDArray array) {
            long[] shape = array.getShape().getShape();
            return switch (array.getDataType()) {
                case FLOAT32 -> new FloatTensor(shape, array.toFloatArray());
                case FLOAT64 -> new FloatTensor(shape, narrow(array.toDoubleArray()));
                case INT64 -> new LongTensor(shape, array.toLongArray());
                case INT32 -> new LongTensor(shape, widen(array.toIntArray()));
                default -> throw new IllegalStateException("output \"" + array.getName()
                    + "\" has type " + array.getDataType() + "; expected one of FLOAT32, FLOAT64,"
                    + " INT64, INT32");
            };
        }

        // Done in Java: without a second DJL engine, ONNX Runtime NDArrays support few operators.
        private static float[] narrow(double[] values) {
            float[] narrow = new float[values.length];
            for (int i = 0; i < values.length; i++) {
                narrow[i] = (float) values[i];
            }
            return narrow;
        }

        private static long[] widen(int[] values) {
            long[] wide = new long[values.length];
            for (int i = 0; i < values.length; i++) {
                wide[i] = values[i];
            }
            return wide;
        }
    }
}
