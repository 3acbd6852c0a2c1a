package org.rasterhub.runner.detect;

import java.util.ArrayList;
import java.util.List;

import org.rasterhub.runner.classify.ModelOutputException;
import org.rasterhub.runner.engine.FloatTensor;
import org.rasterhub.runner.engine.LongTensor;
import org.rasterhub.runner.engine.Tensor;

/**
 * A detection model's outputs for one batch, matched to the contract: boxes {@code [N, K, 4]} float,
 * scores {@code [N, K]} float, classes {@code [N, K]} float or int64, optional count {@code [N]}.
 * {@link org.rasterhub.runner.engine.InferenceModel} gives outputs in declared order without names,
 * so they are told apart by shape (boxes are the only rank-3 output, the count the only rank-1) and,
 * for the two {@code [N, K]} outputs, by type (an int64 one is the classes) or else by order (scores
 * before classes, as the Object Detection API declares them).
 */
final class DetectionOutputs implements TileOutputs {
    // Float rounding lets a mean or sigmoid come out at 1.0000004; further off is a broken model.
    private static final float SCORE_TOLERANCE = 1e-3f;

    static final String CONTRACT = "expected the Object Detection API outputs detection_boxes float"
        + " [N, K, 4] (ymin, xmin, ymax, xmax, 0-1 of the tile), detection_scores float [N, K] (0-1),"
        + " detection_classes float or int64 [N, K] (the .emd class Value) and optionally"
        + " num_detections [N]";

    private final int detections;
    private final float[] boxes;
    private final float[] scores;
    private final Tensor classes;
    private final Tensor count;
    private final long[] boxesShape;

    private DetectionOutputs(int detections, FloatTensor boxes, float[] scores, Tensor classes,
                             Tensor count) {
        this.detections = detections;
        this.boxesShape = boxes.shape();
        this.boxes = boxes.values();
        this.scores = scores;
        this.classes = classes;
        this.count = count;
    }

    static DetectionOutputs of(List<Tensor> outputs, int batch) throws ModelOutputException {
        if (outputs.isEmpty()) {
            throw new ModelOutputException(new long[0], "the model has no outputs; " + CONTRACT);
        }
        FloatTensor boxes = null;
        Tensor count = null;
        List<Tensor> perDetection = new ArrayList<>();
        for (Tensor output : outputs) {
            long[] shape = output.shape();
            if (shape.length == 0 || shape[0] != batch) {
                throw new ModelOutputException(shape, "batch dimension is not the " + batch
                    + " tile(s) given; " + CONTRACT);
            }
            if (shape.length == 3 && shape[2] == 4 && output instanceof FloatTensor f && boxes == null) {
                boxes = f;
            } else if (shape.length == 2 && perDetection.size() < 2) {
                perDetection.add(output);
            } else if (shape.length == 1 && count == null) {
                count = output;
            } else {
                throw new ModelOutputException(shape, "unexpected " + type(output) + " output; "
                    + CONTRACT);
            }
        }
        if (boxes == null || perDetection.size() != 2) {
            throw new ModelOutputException(outputs.get(0).shape(), outputs.size() + " output(s) of"
                + " shapes " + shapes(outputs) + " lack boxes, scores or classes; " + CONTRACT);
        }
        Tensor first = perDetection.get(0);
        Tensor second = perDetection.get(1);
        Tensor scores = first instanceof LongTensor ? second : first;
        Tensor classes = scores == first ? second : first;
        long k = boxes.shape()[1];
        if (!(scores instanceof FloatTensor s) || scores.shape()[1] != k || classes.shape()[1] != k) {
            throw new ModelOutputException(scores.shape(), "scores and classes must be float and"
                + " float or int64 [" + batch + ", " + k + "] like the boxes, found " + shapes(outputs)
                + "; " + CONTRACT);
        }
        return new DetectionOutputs((int) k, boxes, s.values(), classes, count);
    }

    /** Detections the model reports for a tile: K, or fewer when it gives a count. */
    int countFor(int slot) throws ModelOutputException {
        if (count == null) {
            return detections;
        }
        double n = count instanceof FloatTensor f ? f.values()[slot] : ((LongTensor) count).values()[slot];
        if (!(n >= 0 && n <= detections) || n != Math.rint(n)) {
            throw new ModelOutputException(count.shape(), "num_detections " + n + " is not a whole"
                + " number from 0 to K = " + detections + "; " + CONTRACT);
        }
        return (int) n;
    }

    @Override
    public List<Candidate> candidates(int slot, float threshold) throws ModelOutputException {
        List<Candidate> found = new ArrayList<>();
        int n = countFor(slot);
        for (int k = 0; k < n; k++) {
            float raw = score(slot, k);
            if (!(raw >= -SCORE_TOLERANCE && raw <= 1 + SCORE_TOLERANCE)) {
                throw new ModelOutputException(boxesShape, "score " + raw + " of detection " + k
                    + " is outside 0-1; " + CONTRACT);
            }
            float score = Math.min(1f, Math.max(0f, raw));
            if (score >= threshold) {
                found.add(new Candidate(k, box(slot, k, 0), box(slot, k, 1), box(slot, k, 2), box(slot, k, 3),
                    score, classValue(slot, k)));
            }
        }
        return found;
    }

    @Override
    public long[] shape() {
        return boxesShape.clone();
    }

    @Override
    public String contract() {
        return CONTRACT;
    }

    float score(int slot, int k) {
        return scores[slot * detections + k];
    }

    /** The class value as the model gave it, as a double (float or int64 output). */
    double classValue(int slot, int k) {
        int i = slot * detections + k;
        return classes instanceof FloatTensor f ? f.values()[i] : ((LongTensor) classes).values()[i];
    }

    /** Box coordinate {@code c} (0 ymin, 1 xmin, 2 ymax, 3 xmax) of a detection. */
    float box(int slot, int k, int c) {
        return boxes[(slot * detections + k) * 4 + c];
    }

    private static String type(Tensor t) {
        return t instanceof LongTensor ? "int64" : "float";
    }

    private static String shapes(List<Tensor> outputs) {
        List<String> all = new ArrayList<>();
        for (Tensor t : outputs) {
            all.add(type(t) + java.util.Arrays.toString(t.shape()));
        }
        return all.toString();
    }
}
