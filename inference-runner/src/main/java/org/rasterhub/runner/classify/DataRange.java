package org.rasterhub.runner.classify;

/**
 * The range of input pixel values a model was trained on; values are scaled linearly so that {@code
 * min} becomes 0 and {@code max} becomes 1 (values outside the range go below 0 or above 1, they are
 * not clipped).
 */
public record DataRange(float min, float max) {

    public DataRange {
        if (!Float.isFinite(min) || !Float.isFinite(max) || !(max > min)) {
            throw new IllegalArgumentException("data range needs finite min < max, was [" + min + ", "
                + max + "]");
        }
    }

    /** Scales every value of {@code values} from {@code from} (inclusive) to {@code to} in place. */
    public void normalise(float[] values, int from, int to) {
        float scale = 1f / (max - min);
        for (int i = from; i < to; i++) {
            values[i] = (values[i] - min) * scale;
        }
    }
}
