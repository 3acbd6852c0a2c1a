package org.rasterhub.runner.engine;

import java.util.Arrays;

/**
 * An int64 tensor, typically a class map from ArgMax. Int32 outputs are widened to this type. The
 * values array is shared, not copied; the shape is copied.
 */
public record LongTensor(long[] shape, long[] values) implements Tensor {

    public LongTensor {
        if (values == null) {
            throw new IllegalArgumentException("values must not be null");
        }
        shape = Shapes.checked(shape, values.length);
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    /** Equal when shape and every value are equal, not when they share arrays. */
    @Override
    public boolean equals(Object other) {
        return other instanceof LongTensor that
            && Arrays.equals(shape, that.shape) && Arrays.equals(values, that.values);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(shape) + Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return "LongTensor" + Arrays.toString(shape);
    }
}
