package org.rasterhub.runner.engine;

import java.util.Arrays;

final class Shapes {
    private Shapes() {
    }

    static long elementCount(long[] shape) {
        long count = 1;
        for (long d : shape) {
            count = Math.multiplyExact(count, d);
        }
        return count;
    }

    // Returns a copy, so a caller that later changes its array cannot change the tensor.
    static long[] checked(long[] shape, int valueCount) {
        if (shape == null) {
            throw new IllegalArgumentException("shape must not be null; a scalar has shape []");
        }
        for (long d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("dimensions must not be negative, shape was "
                    + Arrays.toString(shape));
            }
        }
        if (elementCount(shape) != valueCount) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " holds "
                + elementCount(shape) + " values, found " + valueCount);
        }
        return shape.clone();
    }
}
