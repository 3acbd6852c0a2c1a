package org.rasterhub.runner.job;

import java.util.List;
import org.rasterhub.runner.change.ChangeMode;
import org.rasterhub.runner.classify.InputScaling;
import org.rasterhub.runner.classify.OutputReading;
import org.rasterhub.runner.classify.PixelProduct;

/**
 * The arguments a run was queued with, defaults resolved: recorded on the run as JSON.
 *
 * @param dataRange  the .emd's DataRange {@code [min, max]}, or null
 * @param normalization the .emd's NormalizationStats for the extracted bands, or null (runs queued
 *                   before they were read have none)
 * @param threshold  Detect Objects: the detection score threshold; Classify Pixels: the probability
 *                   from which a sigmoid channel counts
 * @param outputIndex Classify Pixels: the model output to read, null for the first accepted
 * @param independentChannels Classify Pixels: the output is several independent sigmoid channels
 * @param probabilityBands Classify Pixels: a probability raster of every class or the winning one, or null
 * @param valueName  Classify Pixels: a regression model's band name, or null
 * @param valueScale Classify Pixels: what a regression model's output is multiplied by, or null
 * @param changeMode Detect Change only: a {@link ChangeMode} name, {@code CLASS_TRANSITIONS} (a
 *                   pixel classifier on both dates) or {@code TWO_DATE_MODEL} (a change model
 *                   reading both dates at once)
 */
public record EffectiveArguments(int tileSize, int padding, int batchSize, String processorType, List<Integer> gpuIds,
                                          List<Integer> extractBands, List<Double> dataRange, Double threshold,
                          Double nmsOverlap, Boolean excludePadDetections, Double scoreThreshold,
                          List<Double> extent, String changeMode,
                          InputScalingArguments.Statistics normalization, Integer outputIndex,
                          Boolean independentChannels, String probabilityBands, String valueName,
                          Double valueScale) {

    /** What Classify Pixels writes: classes, probabilities or values. */
    public PixelProduct product() {
        return new PixelProductArguments(probabilityBands, valueName, valueScale).product();
    }

    /** How Classify Pixels reads the model's output (docs/models.md). */
    public OutputReading reading() {
        return new OutputReading(outputIndex == null ? OutputReading.FIRST_ACCEPTED : outputIndex,
                threshold == null ? 0.5f : threshold.floatValue(), Boolean.TRUE.equals(independentChannels));
    }

    /** How the runner scales the input (docs/models.md, "Input scaling"). */
    public InputScaling scaling() {
        return new InputScalingArguments(dataRange, normalization).rule();
    }
}
