package org.rasterhub.runner.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.Batchifier;
import ai.djl.translate.Translator;
import ai.djl.translate.TranslatorContext;

/**
 * Copies Java arrays into the engine and back while the predictor's native memory is still open,
 * so nothing native outlives a call. Shared by every DJL engine.
 */
final class ArrayTranslator implements Translator<FloatTensor, Tensor[]> {

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

    // Done in Java: ONNX Runtime NDArrays support few operators, and its alternative engine is off.
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
