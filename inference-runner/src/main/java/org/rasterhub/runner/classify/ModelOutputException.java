package org.rasterhub.runner.classify;

import java.util.Arrays;

/**
 * A model ran but its output is not a per-pixel classification this runner understands: wrong rank
 * or size, or a class value a Byte raster cannot hold. The message lists what was expected.
 */
public final class ModelOutputException extends Exception {
    private final long[] outputShape;

    /** @param message what is wrong and what was expected; the shape is prefixed. */
    public ModelOutputException(long[] outputShape, String message) {
        super("model output " + Arrays.toString(outputShape) + ": " + message + "; nothing was written");
        this.outputShape = outputShape.clone();
    }

    /** Shape of the offending output; a copy. */
    public long[] outputShape() {
        return outputShape.clone();
    }
}
