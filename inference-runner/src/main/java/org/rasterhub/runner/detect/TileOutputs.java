package org.rasterhub.runner.detect;

import java.util.List;

import org.rasterhub.runner.classify.ModelOutputException;
import org.rasterhub.runner.engine.Tensor;

/**
 * A detection model's outputs for one batch of tiles, in one of the conventions real detectors use
 * (docs/models.md, "Detect Objects"): the Object Detection API's post-processed boxes, scores and
 * classes ({@link DetectionOutputs}), or a YOLO export that leaves decoding to the caller ({@link
 * YoloOutputs}).
 */
sealed interface TileOutputs permits DetectionOutputs, YoloOutputs {

    /**
     * The convention these outputs follow. A single rank-3 output that is not boxes is a YOLO head;
     * anything else is read as the Object Detection API's outputs.
     *
     * @param classValues the {@code .emd} class values in file order: YOLO's class index {@code c} is
     *     the {@code c}-th class
     */
    static TileOutputs of(List<Tensor> outputs, int batch, int tileSize, List<Integer> classValues)
            throws ModelOutputException {
        if (outputs.size() == 1 && outputs.get(0).shape().length == 3 && outputs.get(0).shape()[2] != 4) {
            return YoloOutputs.of(outputs.get(0), batch, tileSize, classValues);
        }
        return DetectionOutputs.of(outputs, batch);
    }

    /**
     * The detections of the tile at {@code slot} that score at least {@code threshold}.
     *
     * @throws ModelOutputException when a score lies outside 0-1 or a count is impossible
     */
    List<Candidate> candidates(int slot, float threshold) throws ModelOutputException;

    /** The shape quoted in messages about these outputs. */
    long[] shape();

    /** What these outputs should have been, for messages. */
    String contract();
}
