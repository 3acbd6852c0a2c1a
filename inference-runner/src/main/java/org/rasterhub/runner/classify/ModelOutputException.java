package org.rasterhub.runner.classify;

import java.util.Arrays;

/**
 * A model ran but its output does not follow the tool's tensor contract: for Classify Pixels a wrong
 * rank or size, or a class value a Byte raster cannot hold; Detect Objects and Classify Objects use
 * it for their own contracts too. The message lists what was expected.
 */
public final class ModelOutputException extends Exception {
    private final long[] outputShape;

    /**
     * @param outputShape shape of the offending output
     * @param message what is wrong and what was expected; "; nothing was written" is appended
     */
    public ModelOutputException(long[] outputShape, String message) {
        super("model output " + Arrays.toString(outputShape) + ": " + message + "; nothing was written");
        this.outputShape = outputShape.clone();
    }

    /** Shape of the offending output; a copy. */
    public long[] outputShape() {
        return outputShape.clone();
    }
}
