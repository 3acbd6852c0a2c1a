package org.rasterhub.runner.classify;

/**
 * Which model output holds the per-pixel answer and how probabilities become classes.
 *
 * @param outputIndex         the output to read, in the model's declared order; {@value #FIRST_ACCEPTED}:
 *                            the first whose shape and type {@link ClassMap} accepts (models exporting
 *                            auxiliary outputs beside the class scores)
 * @param threshold           the probability from which a sigmoid channel counts (the run's
 *                            {@code threshold}, 0.5 by default)
 * @param independentChannels the scores are independent sigmoid probabilities (the model file computes
 *                            the output with Sigmoid), not competing class scores: a pixel takes the
 *                            most probable channel only when it reaches the threshold, else it is left
 *                            without a class (nodata)
 */
public record OutputReading(int outputIndex, float threshold, boolean independentChannels) {
    public static final int FIRST_ACCEPTED = -1;
    /** The first accepted output; a single sigmoid channel is class 1 from 0.5; several channels compete. */
    public static final OutputReading DEFAULT = new OutputReading(FIRST_ACCEPTED, 0.5f, false);

    public OutputReading {
        if (outputIndex < FIRST_ACCEPTED) {
            throw new IllegalArgumentException("output index must be " + FIRST_ACCEPTED + " or from 0, was "
                + outputIndex);
        }
        if (!(threshold >= 0 && threshold <= 1)) {
            throw new IllegalArgumentException("threshold must be between 0 and 1, was " + threshold);
        }
    }
}
