package org.rasterhub.runner.detect;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.rasterhub.runner.classify.ModelOutputException;
import org.rasterhub.runner.engine.FloatTensor;
import org.rasterhub.runner.engine.Tensor;

/**
 * The raw head of a YOLO export, decoded here because the export leaves it undecoded (Ultralytics'
 * default ONNX export, and YOLOv5/v7's): one float output per batch holding, for every anchor, a box
 * as centre x, centre y, width and height in pixels of the model input, and class scores (already
 * through a sigmoid). Two layouts are read:
 * <ul>
 *   <li>{@code [N, 4 + C, A]} (YOLOv8 and later): the score of a class is its value;</li>
 *   <li>{@code [N, A, 5 + C]} (YOLOv5, YOLOv7): an objectness value follows the box, and the score of a
 *   class is objectness × its value.</li>
 * </ul>
 * {@code C} is the number of {@code .emd} classes, class index {@code c} is the {@code c}-th of them,
 * and each anchor gives at most one candidate: its best class. Overlapping candidates are removed by
 * the detector's non-maximum suppression, as for every model.
 */
public final class YoloOutputs implements TileOutputs {
    private static final float SCORE_TOLERANCE = 1e-3f;

    private final float[] values;
    private final long[] shape;
    private final boolean anchorsLast;
    private final boolean objectness;
    private final int anchors;
    private final int classes;
    private final int tileSize;
    private final List<Integer> classValues;

    private YoloOutputs(float[] values, long[] shape, boolean anchorsLast, int anchors, int classes, int tileSize,
                        List<Integer> classValues) {
        this.values = values;
        this.shape = shape;
        this.anchorsLast = anchorsLast;
        this.objectness = !anchorsLast;
        this.anchors = anchors;
        this.classes = classes;
        this.tileSize = tileSize;
        this.classValues = classValues;
    }

    static YoloOutputs of(Tensor output, int batch, int tileSize, List<Integer> classValues)
            throws ModelOutputException {
        long[] shape = output.shape();
        int c = classValues.size();
        String contract = contract(batch, c);
        if (!(output instanceof FloatTensor scores)) {
            throw new ModelOutputException(shape, "int64 output of rank 3; " + contract);
        }
        if (c == 0) {
            throw new ModelOutputException(shape, "a YOLO head needs the .emd's Classes to know which rows are"
                + " classes; " + contract);
        }
        if (shape[0] != batch) {
            throw new ModelOutputException(shape, "batch dimension is not the " + batch + " tile(s) given; " + contract);
        }
        Boolean layout = boxesFirst(shape, c);
        if (layout == null) {
            throw new ModelOutputException(shape, "rank-3 output fits neither YOLO layout for " + c + " classes; "
                + contract);
        }
        boolean boxesFirst = layout;
        int anchors = (int) (boxesFirst ? shape[2] : shape[1]);
        return new YoloOutputs(scores.values(), shape, boxesFirst, anchors, c, tileSize, classValues);
    }

    @Override
    public List<Candidate> candidates(int slot, float threshold) throws ModelOutputException {
        List<Candidate> found = new ArrayList<>();
        int rows = anchorsLast ? 4 + classes : 5 + classes;
        int base = slot * rows * anchors;
        for (int a = 0; a < anchors; a++) {
            float object = objectness ? probability(at(base, a, 4), a) : 1f;
            int firstClass = objectness ? 5 : 4;
            int best = 0;
            float bestScore = -1;
            for (int k = 0; k < classes; k++) {
                float score = probability(at(base, a, firstClass + k), a);
                if (score > bestScore) {
                    best = k;
                    bestScore = score;
                }
            }
            float score = object * bestScore;
            if (score < threshold) {
                continue;
            }
            double cx = at(base, a, 0);
            double cy = at(base, a, 1);
            double w = at(base, a, 2);
            double h = at(base, a, 3);
            found.add(new Candidate(a, (cy - h / 2) / tileSize, (cx - w / 2) / tileSize, (cy + h / 2) / tileSize,
                (cx + w / 2) / tileSize, score, classValues.get(best)));
        }
        return found;
    }

    // Value of row r (box, objectness or class) of anchor a, in either layout.
    private float at(int base, int anchor, int row) {
        int rows = anchorsLast ? 4 + classes : 5 + classes;
        return anchorsLast ? values[base + row * anchors + anchor] : values[base + anchor * rows + row];
    }

    private float probability(float value, int anchor) throws ModelOutputException {
        if (!(value >= -SCORE_TOLERANCE && value <= 1 + SCORE_TOLERANCE)) {
            throw new ModelOutputException(shape, "score " + value + " of anchor " + anchor + " is outside 0-1 (a"
                + " head exported without its sigmoid?); " + contract());
        }
        return Math.min(1f, Math.max(0f, value));
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    @Override
    public String contract() {
        return contract((int) shape[0], classes);
    }

    private static String contract(int batch, int classes) {
        return "expected a YOLO head float [" + batch + ", 4 + " + classes + ", anchors] (YOLOv8: cx, cy, w, h in"
            + " input pixels, then class scores) or [" + batch + ", anchors, 5 + " + classes + "] (YOLOv5: box,"
            + " objectness, class scores), or the Object Detection API outputs (" + DetectionOutputs.CONTRACT
            .substring("expected the Object Detection API outputs ".length()) + ")";
    }

    /**
     * What a fixed output shape means as a YOLO head for {@code classes} classes ("YOLOv8 head: 2 classes,
     * 8400 anchors, decoded here"), or empty when it is none.
     */
    public static java.util.Optional<String> describe(long[] shape, int classes) {
        Boolean boxesFirst = shape.length != 3 || classes < 1 || shape[2] == 4 ? null : boxesFirst(shape, classes);
        if (boxesFirst == null) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of((boxesFirst ? "YOLOv8 head" : "YOLOv5 head (with objectness)") + ": " + classes
            + " classes, " + (boxesFirst ? shape[2] : shape[1]) + " anchors, decoded and suppressed by the runner");
    }

    // True for [N, 4 + C, A], false for [N, A, 5 + C], null for neither.
    private static Boolean boxesFirst(long[] shape, int classes) {
        boolean boxesFirst = shape[1] == 4 + classes;
        boolean anchorsFirst = shape[2] == 5 + classes;
        if (boxesFirst && anchorsFirst) {
            return shape[2] >= shape[1];   // both fit only when anchors and rows nearly match: anchors are longer
        }
        return boxesFirst ? Boolean.TRUE : anchorsFirst ? Boolean.FALSE : null;
    }

    @Override
    public String toString() {
        return "YOLO " + Arrays.toString(shape);
    }
}
