package org.rasterhub.runner.testmodels;

import static org.rasterhub.runner.testmodels.OnnxGraph.FLOAT;
import static org.rasterhub.runner.testmodels.OnnxGraph.INT64;
import static org.rasterhub.runner.testmodels.TinyOnnxModels.INPUT;
import static org.rasterhub.runner.testmodels.TinyOnnxModels.OUTPUT;

import java.util.Arrays;
import java.util.List;

/**
 * Tiny ONNX models for Detect Change and processing-window tests, written by {@code OnnxGraph} with
 * the input and output names of {@link TinyOnnxModels}.
 */
public final class TinyChangeModels {
    private TinyChangeModels() {
    }

    /**
     * A two-date change model: class 1 ("change") where the band sums of the two dates differ by
     * more than 0.5, else 0.
     *
     * <p>Input {@value TinyOnnxModels#INPUT}: float32 {@code [batch, 2 x bands, height, width]}, the
     * first date's bands then the second's. A 1×1 convolution with weights +1 for the first date's
     * bands and -1 for the second's gives the difference of the sums; Abs, Greater than 0.5, Cast to
     * int64. Output {@value TinyOnnxModels#OUTPUT}: int64 {@code [batch, 1, height, width]}.
     */
    public static byte[] bandSumsDiffer(int bands) {
        if (bands < 1) {
            throw new IllegalArgumentException("bands must be at least 1, was " + bands);
        }
        float[] weights = new float[2 * bands];   // [1, 2 x bands, 1, 1]
        for (int b = 0; b < bands; b++) {
            weights[b] = 1f;
            weights[bands + b] = -1f;
        }
        OnnxGraph g = new OnnxGraph("band_sums_differ");
        g.node("sum_difference", "Conv", List.of(INPUT, "sum_weights"), List.of("difference"), n -> n
            .ints("kernel_shape", 1, 1));
        g.node("abs", "Abs", List.of("difference"), List.of("distance"), n -> { });
        g.node("greater", "Greater", List.of("distance", "threshold"), List.of("changed"), n -> { });
        g.node("to_int64", "Cast", List.of("changed"), List.of(OUTPUT), n -> n.i("to", INT64));
        g.floats("sum_weights", weights, 1, 2L * bands, 1, 1);
        g.scalar("threshold", 0.5f);
        g.input(INPUT, FLOAT, "batch", 2L * bands, "height", "width");
        g.output(OUTPUT, INT64, "batch", 1L, "height", "width");
        return g.model();
    }

    /**
     * A classifier that needs context: each pixel's class is the band with the highest sum over its
     * 3×3 neighbourhood (zero-padded at the tile border, ties to the lowest band). A depthwise 3×3
     * convolution of ones, then ArgMax over bands. Input float32 {@code [batch, bands, height,
     * width]}, output int64 {@code [batch, height, width]}. Tiles whose padding holds other pixels
     * than the raster's give other answers near their core's edge.
     */
    public static byte[] neighbourhoodBrightestBand(int bands) {
        if (bands < 1) {
            throw new IllegalArgumentException("bands must be at least 1, was " + bands);
        }
        float[] ones = new float[bands * 9];   // [bands, 1, 3, 3]
        Arrays.fill(ones, 1f);
        OnnxGraph g = new OnnxGraph("neighbourhood_brightest_band");
        g.node("box_sum", "Conv", List.of(INPUT, "ones"), List.of("sums"), n -> n
            .ints("kernel_shape", 3, 3).ints("pads", 1, 1, 1, 1).i("group", bands));
        g.node("band_argmax", "ArgMax", List.of("sums"), List.of(OUTPUT), n -> n
            .i("axis", 1).i("keepdims", 0));
        g.floats("ones", ones, bands, 1, 3, 3);
        g.input(INPUT, FLOAT, "batch", (long) bands, "height", "width");
        g.output(OUTPUT, INT64, "batch", "height", "width");
        return g.model();
    }
}
