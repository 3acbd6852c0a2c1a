package org.rasterhub.runner.engine;

import java.util.Arrays;

/**
 * A float32 tensor. The values array is shared, not copied, because image tiles are large; the shape
 * is copied.
 */
public record FloatTensor(long[] shape, float[] values) implements Tensor {

    public FloatTensor {
        if (values == null) {
            throw new IllegalArgumentException("values must not be null");
        }
        shape = Shapes.checked(shape, values.length);
    }

    /** A batch of one image in NCHW layout, from band-major (CHW) pixel values. */
    public static FloatTensor nchw(int channels, int height, int width, float[] values) {
        return new FloatTensor(new long[] {1, channels, height, width}, values);
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    /** Equal when shape and every value are equal, not when they share arrays. */
    @Override
    public boolean equals(Object other) {
        return other instanceof FloatTensor that
            && Arrays.equals(shape, that.shape) && Arrays.equals(values, that.values);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(shape) + Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return "FloatTensor" + Arrays.toString(shape);
    }
}
