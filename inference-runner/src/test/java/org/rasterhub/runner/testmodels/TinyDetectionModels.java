package org.rasterhub.runner.testmodels;

import static org.rasterhub.runner.testmodels.OnnxGraph.FLOAT;
import static org.rasterhub.runner.testmodels.OnnxGraph.INT64;

import java.util.Arrays;
import java.util.List;

/**
 * Tiny real ONNX models for Detect Objects and Classify Objects, with known answers.
 *
 * <p>{@link #squareDetector}: finds bright {@code size} x {@code size} squares, one band per class.
 * Per band a {@code size} x {@code size} sum over the window starting at each pixel (a grouped Conv
 * padded at the bottom and right only, so the output keeps the tile size), scaled to the mean: the
 * "heat" equals a square's brightness exactly where the window covers the square and is lower
 * anywhere else. A pixel is a peak where heat equals its 3 x 3 MaxPool and exceeds 0.5; TopK over
 * every band's peaks gives the scores and flat indexes, from which Div/Mod give band, row and column.
 * The box is (row, col, row + size, col + size) divided by the tile size; the class is the band plus
 * {@code classOffset}.
 *
 * <p>{@link #brightestBandChipClassifier}: GlobalAveragePool, Flatten, Softmax: the band with the
 * highest mean wins, as probabilities {@code [N, bands]}.
 */
public final class TinyDetectionModels {
    public static final String INPUT = "image";
    public static final String BOXES = "detection_boxes";
    public static final String SCORES = "detection_scores";
    public static final String CLASSES = "detection_classes";
    public static final String NUM = "num_detections";
    public static final String PROBABILITIES = "probabilities";

    private TinyDetectionModels() {
    }

    /** How the detector's outputs are laid out, to test every form of the contract. */
    public enum Outputs {
        /** boxes, scores, classes as float: the Object Detection API's usual export. */
        FLOAT_CLASSES,
        /** boxes, scores, classes as int64. */
        INT64_CLASSES,
        /** classes (int64) first, then boxes, scores and num_detections: found by shape and type. */
        SHUFFLED_WITH_COUNT,
        /** only boxes and scores: breaks the contract. */
        NO_CLASSES
    }

    /**
     * A YOLO-style head, undecoded as Ultralytics and YOLOv5 export it, over a grid of {@code cell} x
     * {@code cell} pixels: one anchor per cell (row-major), its box the cell itself (centre, width and
     * height in input pixels), class {@code c}'s score {@code sigmoid(mean of band c over the cell -
     * 100)}: 1 over a cell filled with 200 in band {@code c}, 0 over 0. Output {@code [N, 4 + bands,
     * anchors]} (v8), or with {@code objectness} {@code [N, anchors, 5 + bands]} (v5) whose objectness is
     * that constant, so a found object's confidence is exactly {@code objectness}.
     */
    public static byte[] yoloHead(int bands, int tile, int cell, Float objectness) {
        int grid = tile / cell;
        int anchors = grid * grid;
        float[] box = new float[4 * anchors];   // [1, 4, anchors]: cx, cy, w, h
        for (int a = 0; a < anchors; a++) {
            box[a] = (a % grid) * cell + cell / 2f;
            box[anchors + a] = (a / grid) * cell + cell / 2f;
            box[2 * anchors + a] = cell;
            box[3 * anchors + a] = cell;
        }
        float[] minus = new float[bands];
        Arrays.fill(minus, -100f);
        float[] identity = new float[bands * bands];
        for (int b = 0; b < bands; b++) {
            identity[b * bands + b] = 1f;
        }
        OnnxGraph g = new OnnxGraph(objectness == null ? "yolo_v8_head" : "yolo_v5_head");
        g.node("AveragePool", List.of(INPUT), List.of("means"), n -> n.ints("kernel_shape", cell, cell)
            .ints("strides", cell, cell));
        g.node("Conv", List.of("means", "identity", "minus"), List.of("logits"), n -> n.ints("kernel_shape", 1, 1));
        g.node("Sigmoid", List.of("logits"), List.of("cell_scores"), n -> { });
        g.node("Reshape", List.of("cell_scores", "flat"), List.of("scores"), n -> { });
        // A [N, 1, anchors] zero row gives the constant rows their batch dimension by broadcasting.
        g.node("ReduceMean", List.of("scores"), List.of("summed"), n -> n.ints("axes", 1).i("keepdims", 1));
        g.node("Mul", List.of("summed", "zero"), List.of("zeros"), n -> { });
        g.node("Add", List.of("zeros", "boxes"), List.of("box_rows"), n -> { });
        List<String> parts = objectness == null ? List.of("box_rows", "scores")
            : List.of("box_rows", "objectness_row", "scores");
        if (objectness != null) {
            g.node("Add", List.of("zeros", "objectness"), List.of("objectness_row"), n -> { });
            float[] constant = new float[anchors];
            Arrays.fill(constant, objectness);
            g.floats("objectness", constant, 1, 1, anchors);
        }
        g.node("Concat", parts, List.of(objectness == null ? "output0" : "rows"), n -> n.i("axis", 1));
        if (objectness != null) {
            g.node("Transpose", List.of("rows"), List.of("output0"), n -> n.ints("perm", 0, 2, 1));
        }
        g.floats("identity", identity, bands, bands, 1, 1);
        g.floats("minus", minus, bands);
        g.longs("flat", new long[] {0, bands, anchors}, 3);
        g.floats("zero", new float[] {0f}, 1);
        g.floats("boxes", box, 1, 4, anchors);
        g.input(INPUT, FLOAT, "batch", (long) bands, (long) tile, (long) tile);
        if (objectness == null) {
            g.output("output0", FLOAT, "batch", 4L + bands, (long) anchors);
        } else {
            g.output("output0", FLOAT, "batch", (long) anchors, 5L + bands);
        }
        return g.model();
    }

    /**
     * A square detector for tiles of {@code tileSize} pixels and {@code bands} bands (one class per
     * band) returning the {@code k} best peaks per tile.
     */
    public static byte[] squareDetector(int bands, int tileSize, int size, int k, int classOffset,
                                        Outputs outputs) {
        OnnxGraph g = new OnnxGraph("square_detector");
        int plane = tileSize * tileSize;
        float[] kernel = new float[bands * size * size];
        Arrays.fill(kernel, 1f);
        g.floats("box_kernel", kernel, bands, 1, size, size);
        g.scalar("inverse_area", 1f / (size * size));
        g.scalar("half", 0.5f);
        g.longs("k", new long[] {k}, 1);
        g.scalar("plane", (long) plane);
        g.scalar("width", (long) tileSize);
        g.scalar("class_offset", (long) classOffset);
        g.scalar("size", (float) size);
        g.scalar("inverse_tile", 1f / tileSize);
        g.longs("axis2", new long[] {2}, 1);

        g.node("Conv", List.of(INPUT, "box_kernel"), List.of("window_sum"), n -> n
            .ints("kernel_shape", size, size).ints("pads", 0, 0, size - 1, size - 1).i("group", bands));
        g.node("Mul", List.of("window_sum", "inverse_area"), List.of("heat"), n -> { });
        g.node("MaxPool", List.of("heat"), List.of("pooled"), n -> n
            .ints("kernel_shape", 3, 3).ints("strides", 1, 1).ints("pads", 1, 1, 1, 1));
        g.node("Equal", List.of("heat", "pooled"), List.of("is_max"), n -> { });
        g.node("Greater", List.of("heat", "half"), List.of("bright"), n -> { });
        g.node("And", List.of("is_max", "bright"), List.of("peak"), n -> { });
        g.node("Cast", List.of("peak"), List.of("peak_f"), n -> n.i("to", FLOAT));
        g.node("Mul", List.of("heat", "peak_f"), List.of("masked"), n -> { });
        g.node("Flatten", List.of("masked"), List.of("flat"), n -> n.i("axis", 1));
        g.node("TopK", List.of("flat", "k"), List.of(SCORES, "index"), n -> n.i("axis", 1));
        g.node("Div", List.of("index", "plane"), List.of("band"), n -> { });
        g.node("Mod", List.of("index", "plane"), List.of("in_plane"), n -> { });
        g.node("Div", List.of("in_plane", "width"), List.of("row"), n -> { });
        g.node("Mod", List.of("in_plane", "width"), List.of("col"), n -> { });
        g.node("Cast", List.of("row"), List.of("row_f"), n -> n.i("to", FLOAT));
        g.node("Cast", List.of("col"), List.of("col_f"), n -> n.i("to", FLOAT));
        g.node("Add", List.of("row_f", "size"), List.of("row_end"), n -> { });
        g.node("Add", List.of("col_f", "size"), List.of("col_end"), n -> { });
        for (String v : List.of("row_f", "col_f", "row_end", "col_end")) {
            g.node("Unsqueeze", List.of(v, "axis2"), List.of(v + "_1"), n -> { });
        }
        g.node("Concat", List.of("row_f_1", "col_f_1", "row_end_1", "col_end_1"), List.of("corners"),
            n -> n.i("axis", 2));
        g.node("Mul", List.of("corners", "inverse_tile"), List.of(BOXES), n -> { });
        String classInt = outputs == Outputs.FLOAT_CLASSES ? "class_i" : CLASSES;
        g.node("Add", List.of("band", "class_offset"), List.of(classInt), n -> { });
        if (outputs == Outputs.FLOAT_CLASSES) {
            g.node("Cast", List.of(classInt), List.of(CLASSES), n -> n.i("to", FLOAT));
        }
        if (outputs == Outputs.SHUFFLED_WITH_COUNT) {
            g.scalar("zero", 0f);
            g.longs("axis1", new long[] {1}, 1);
            g.node("Greater", List.of(SCORES, "zero"), List.of("found"), n -> { });
            g.node("Cast", List.of("found"), List.of("found_f"), n -> n.i("to", FLOAT));
            g.node("ReduceSum", List.of("found_f", "axis1"), List.of(NUM), n -> n.i("keepdims", 0));
        }

        g.input(INPUT, FLOAT, "batch", (long) bands, (long) tileSize, (long) tileSize);
        switch (outputs) {
            case FLOAT_CLASSES -> {
                g.output(BOXES, FLOAT, "batch", (long) k, 4L);
                g.output(SCORES, FLOAT, "batch", (long) k);
                g.output(CLASSES, FLOAT, "batch", (long) k);
            }
            case INT64_CLASSES -> {
                g.output(BOXES, FLOAT, "batch", (long) k, 4L);
                g.output(SCORES, FLOAT, "batch", (long) k);
                g.output(CLASSES, INT64, "batch", (long) k);
            }
            case SHUFFLED_WITH_COUNT -> {
                g.output(CLASSES, INT64, "batch", (long) k);
                g.output(BOXES, FLOAT, "batch", (long) k, 4L);
                g.output(SCORES, FLOAT, "batch", (long) k);
                g.output(NUM, FLOAT, "batch");
            }
            case NO_CLASSES -> {
                g.output(BOXES, FLOAT, "batch", (long) k, 4L);
                g.output(SCORES, FLOAT, "batch", (long) k);
            }
        }
        return g.model();
    }

    /** Chip classifier: softmax over the bands' means, {@code [N, bands]} probabilities. */
    public static byte[] brightestBandChipClassifier(int bands) {
        OnnxGraph g = new OnnxGraph("brightest_band_chip");
        g.node("GlobalAveragePool", List.of(INPUT), List.of("means"), n -> { });
        g.node("Flatten", List.of("means"), List.of("logits"), n -> n.i("axis", 1));
        g.node("Softmax", List.of("logits"), List.of(PROBABILITIES), n -> n.i("axis", 1));
        g.input(INPUT, FLOAT, "batch", (long) bands, "height", "width");
        g.output(PROBABILITIES, FLOAT, "batch", (long) bands);
        return g.model();
    }

    /** The chip classifier's means without Softmax: raw scores the runner must softmax itself. */
    public static byte[] bandMeanChipScores(int bands) {
        OnnxGraph g = new OnnxGraph("band_mean_chip");
        g.node("GlobalAveragePool", List.of(INPUT), List.of("means"), n -> { });
        g.node("Flatten", List.of("means"), List.of(PROBABILITIES), n -> n.i("axis", 1));
        g.input(INPUT, FLOAT, "batch", (long) bands, "height", "width");
        g.output(PROBABILITIES, FLOAT, "batch", (long) bands);
        return g.model();
    }
}
