package org.rasterhub.runner.testmodels;

import static org.rasterhub.runner.testmodels.OnnxGraph.FLOAT;
import static org.rasterhub.runner.testmodels.OnnxGraph.INT64;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Tiny ONNX models with known weights, written as protobuf bytes by {@code OnnxGraph}. */
public final class TinyOnnxModels {
    public static final long IR_VERSION = 8;
    public static final long OPSET = 13;
    public static final String INPUT = "image";
    public static final String OUTPUT = "classes";

    private TinyOnnxModels() {
    }

    /**
     * A classifier whose answer for each pixel is the index of its brightest band.
     *
     * <p>Input {@value #INPUT}: float32 {@code [1, bands, height, width]}, height and width dynamic.
     * A 1×1 convolution with identity weights (so scores equal the input), then ArgMax over the band
     * axis without keeping it. Output {@value #OUTPUT}: int64 {@code [1, height, width]}; ties go to
     * the lowest band index, as ONNX ArgMax specifies by default.
     */
    public static byte[] brightestBandWins(int bands) {
        return brightest(bands, 1L, true);
    }

    /**
     * {@link #brightestBandWins} with a dynamic batch dimension: input {@code [batch, bands, height,
     * width]}, output int64 {@code [batch, height, width]}.
     */
    public static byte[] brightestBandWinsAnyBatch(int bands) {
        return brightest(bands, "batch", true);
    }

    /**
     * The scores of {@link #brightestBandWins} before ArgMax: output {@value #OUTPUT} is float32
     * {@code [batch, bands, height, width]} equal to the input, batch dynamic. The model of a
     * segmentation network that leaves ArgMax to the caller.
     */
    public static byte[] brightestBandScores(int bands) {
        return brightest(bands, "batch", false);
    }

    /**
     * {@link #brightestBandScores} with {@code crop} pixels cut from every side of the output, as
     * models trained on padded chips answer only the tile's core: output float32 {@code [batch, bands,
     * height - 2 crop, width - 2 crop]} (ONNX Slice with negative ends, so any tile size works).
     */
    public static byte[] brightestBandScoresCropped(int bands, int crop) {
        OnnxGraph g = new OnnxGraph("core_scores");
        g.node("Conv", List.of(INPUT, "identity_weights"), List.of("scores"), n -> n.ints("kernel_shape", 1, 1));
        g.node("Slice", List.of("scores", "starts", "ends", "axes"), List.of(OUTPUT), n -> { });
        g.floats("identity_weights", identity(bands), bands, bands, 1, 1);
        g.longs("starts", new long[] {crop, crop}, 2);
        g.longs("ends", new long[] {-crop, -crop}, 2);
        g.longs("axes", new long[] {2, 3}, 2);
        g.input(INPUT, FLOAT, "batch", (long) bands, "height", "width");
        g.output(OUTPUT, FLOAT, "batch", (long) bands, "core_height", "core_width");
        return g.model();
    }

    /**
     * Class scores {@code factor × band} (so that their softmax is not all 0 and 1), optionally
     * softmaxed inside the graph, as models exported with their activation answer, and optionally
     * cropped by {@code crop} pixels on every side (an output for the tile's core). Output float32
     * {@code [batch, bands, height - 2 crop, width - 2 crop]}.
     */
    public static byte[] scaledBandScores(int bands, float factor, boolean softmax, int crop) {
        float[] weights = identity(bands);
        for (int i = 0; i < weights.length; i++) {
            weights[i] *= factor;
        }
        OnnxGraph g = new OnnxGraph("scaled_scores");
        String scores = crop > 0 || softmax ? "scores" : OUTPUT;
        g.node("Conv", List.of(INPUT, "weights"), List.of(scores), n -> n.ints("kernel_shape", 1, 1));
        if (crop > 0) {
            String cropped = softmax ? "cropped" : OUTPUT;
            g.node("Slice", List.of(scores, "starts", "ends", "axes"), List.of(cropped), n -> { });
            g.longs("starts", new long[] {crop, crop}, 2);
            g.longs("ends", new long[] {-crop, -crop}, 2);
            g.longs("axes", new long[] {2, 3}, 2);
            scores = cropped;
        }
        if (softmax) {
            g.node("Softmax", List.of(scores), List.of(OUTPUT), n -> n.i("axis", 1));
        }
        g.floats("weights", weights, bands, bands, 1, 1);
        g.input(INPUT, FLOAT, "batch", (long) bands, "height", "width");
        g.output(OUTPUT, FLOAT, "batch", (long) bands, crop > 0 ? "core_height" : "height",
            crop > 0 ? "core_width" : "width");
        return g.model();
    }

    /**
     * A regression model: one float channel {@code Σ weights[b] × band b + bias}, output float32
     * {@code [batch, 1, height, width]} (a canopy-height or building-height model in miniature).
     */
    public static byte[] weightedBandSum(float[] weights, float bias) {
        int bands = weights.length;
        OnnxGraph g = new OnnxGraph("weighted_band_sum");
        g.node("Conv", List.of(INPUT, "weights", "bias"), List.of(OUTPUT), n -> n.ints("kernel_shape", 1, 1));
        g.floats("weights", weights.clone(), 1, bands, 1, 1);
        g.floats("bias", new float[] {bias}, 1);
        g.input(INPUT, FLOAT, "batch", (long) bands, "height", "width");
        g.output(OUTPUT, FLOAT, "batch", 1L, "height", "width");
        return g.model();
    }

    /**
     * {@link #brightestBandScores} channels last, as TensorFlow exports answer: output float32
     * {@code [batch, height, width, bands]} (a Transpose after the scores).
     */
    public static byte[] brightestBandScoresChannelsLast(int bands) {
        OnnxGraph g = new OnnxGraph("nhwc_scores");
        g.node("Conv", List.of(INPUT, "identity_weights"), List.of("scores"), n -> n.ints("kernel_shape", 1, 1));
        g.node("Transpose", List.of("scores"), List.of(OUTPUT), n -> n.ints("perm", 0, 2, 3, 1));
        g.floats("identity_weights", identity(bands), bands, bands, 1, 1);
        g.input(INPUT, FLOAT, "batch", (long) bands, "height", "width");
        g.output(OUTPUT, FLOAT, "batch", "height", "width", (long) bands);
        return g.model();
    }

    /**
     * Band scores averaged over {@code factor} x {@code factor} blocks, as an encoder answers at a
     * coarser resolution: output float32 {@code [batch, bands, height / factor, width / factor]}.
     */
    public static byte[] brightestBandScoresPooled(int bands, int factor) {
        OnnxGraph g = new OnnxGraph("pooled_scores");
        g.node("Conv", List.of(INPUT, "identity_weights"), List.of("scores"), n -> n.ints("kernel_shape", 1, 1));
        g.node("AveragePool", List.of("scores"), List.of(OUTPUT), n -> n.ints("kernel_shape", factor, factor)
            .ints("strides", factor, factor));
        g.floats("identity_weights", identity(bands), bands, bands, 1, 1);
        g.input(INPUT, FLOAT, "batch", (long) bands, "height", "width");
        g.output(OUTPUT, FLOAT, "batch", (long) bands, "pooled_height", "pooled_width");
        return g.model();
    }

    /**
     * A binary model with one sigmoid channel: the probability that band 0 exceeds {@code threshold},
     * {@code sigmoid(band0 - threshold)}. Output float32 {@code [batch, 1, height, width]}.
     */
    public static byte[] firstBandAboveSigmoid(int bands, float threshold) {
        return sigmoid("first_band_sigmoid", bands, threshold, "batch", "height", "width").model();
    }

    private static OnnxGraph sigmoid(String name, int bands, float threshold, Object batch, Object height,
                                     Object width) {
        float[] firstBand = new float[bands];
        firstBand[0] = 1f;
        OnnxGraph g = new OnnxGraph(name);
        g.node("Conv", List.of(INPUT, "pick_weights", "minus_threshold"), List.of("logit"),
            n -> n.ints("kernel_shape", 1, 1));
        g.node("Sigmoid", List.of("logit"), List.of(OUTPUT), n -> { });
        g.floats("pick_weights", firstBand, 1, bands, 1, 1);
        g.floats("minus_threshold", new float[] {-threshold}, 1);
        g.input(INPUT, FLOAT, batch, (long) bands, height, width);
        g.output(OUTPUT, FLOAT, batch, 1L, height, width);
        return g;
    }

    /**
     * Several independent sigmoid channels (multi-label): channel {@code b} is the probability that band
     * {@code b} exceeds {@code threshold}, {@code sigmoid(band_b - threshold)}. Output float32 {@code
     * [batch, bands, height, width]}, computed by Sigmoid as the model file shows.
     */
    public static byte[] bandsAboveSigmoid(int bands, float threshold) {
        OnnxGraph g = new OnnxGraph("bands_sigmoid");
        g.node("Conv", List.of(INPUT, "identity_weights", "minus_thresholds"), List.of("logits"),
            n -> n.ints("kernel_shape", 1, 1));
        g.node("Sigmoid", List.of("logits"), List.of(OUTPUT), n -> { });
        float[] minus = new float[bands];
        java.util.Arrays.fill(minus, -threshold);
        g.floats("identity_weights", identity(bands), bands, bands, 1, 1);
        g.floats("minus_thresholds", minus, bands);
        g.input(INPUT, FLOAT, "batch", (long) bands, "height", "width");
        g.output(OUTPUT, FLOAT, "batch", (long) bands, "height", "width");
        return g.model();
    }

    /**
     * The contract of Esri's ONNX land-cover package at a small size: input fixed at {@code [1, bands,
     * tile, tile]} and trained on values in [0, 1] ({@code DataRange [0, 1]}), class scores for the
     * tile's centre only ({@code [1, classes, tile - 2 padding, tile - 2 padding]}). Scores: class
     * {@code water} is band 0, class 0 the constant 0.5, every other class -1; so water wins exactly
     * where band 0, scaled to [0, 1], exceeds 0.5.
     */
    public static byte[] landCoverLike(int bands, int tile, int padding, int classes, int water) {
        float[] weights = new float[classes * bands];   // [classes, bands, 1, 1]
        weights[water * bands] = 1f;
        float[] bias = new float[classes];
        java.util.Arrays.fill(bias, -1f);
        bias[0] = 0.5f;
        bias[water] = 0f;
        OnnxGraph g = new OnnxGraph("land_cover_like");
        g.node("Conv", List.of(INPUT, "weights", "bias"), List.of("scores"), n -> n.ints("kernel_shape", 1, 1));
        g.node("Slice", List.of("scores", "starts", "ends", "axes"), List.of(OUTPUT), n -> { });
        g.floats("weights", weights, classes, bands, 1, 1);
        g.floats("bias", bias, classes);
        g.longs("starts", new long[] {padding, padding}, 2);
        g.longs("ends", new long[] {tile - padding, tile - padding}, 2);
        g.longs("axes", new long[] {2, 3}, 2);
        int core = tile - 2 * padding;
        g.input(INPUT, FLOAT, 1L, (long) bands, (long) tile, (long) tile);
        g.output(OUTPUT, FLOAT, 1L, (long) classes, (long) core, (long) core);
        return g.model();
    }

    /**
     * A network with an auxiliary output declared first: {@code aux} is float32 {@code [batch, bands]}
     * (each band's mean over the tile, as classification heads beside a segmentation head answer), then
     * {@value #OUTPUT}, the {@link #brightestBandScores}.
     */
    public static byte[] auxiliaryOutputFirst(int bands) {
        OnnxGraph g = new OnnxGraph("aux_first");
        g.node("Conv", List.of(INPUT, "identity_weights"), List.of(OUTPUT), n -> n.ints("kernel_shape", 1, 1));
        g.node("ReduceMean", List.of(OUTPUT), List.of("aux"), n -> n.ints("axes", 2, 3).i("keepdims", 0));
        g.floats("identity_weights", identity(bands), bands, bands, 1, 1);
        g.input(INPUT, FLOAT, "batch", (long) bands, "height", "width");
        g.output("aux", FLOAT, "batch", (long) bands);
        g.output(OUTPUT, FLOAT, "batch", (long) bands, "height", "width");
        return g.model();
    }

    /**
     * {@link #firstBandAboveSigmoid} with a fixed input {@code [1, bands, tile, tile]} and
     * Deepness-style {@code metadata_props}: what an exported third-party model says about itself.
     */
    public static byte[] binaryWithMetadata(int bands, int tile, java.util.Map<String, String> metadata) {
        return binaryWithMetadata(bands, tile, 100f, metadata);
    }

    /** {@link #binaryWithMetadata} whose probability is {@code sigmoid(band0 - threshold)}. */
    public static byte[] binaryWithMetadata(int bands, int tile, float threshold, java.util.Map<String, String> metadata) {
        OnnxGraph g = sigmoid("binary_with_metadata", bands, threshold, 1L, (long) tile, (long) tile);
        metadata.forEach(g::metadata);
        return g.model();
    }

    /**
     * A TensorFlow-style export taking its bands last: input float32 {@code [1, tile, tile, bands]},
     * transposed to channels first inside the graph, then {@link #brightestBandScores}.
     */
    public static byte[] channelsLastInput(int bands, int tile) {
        OnnxGraph g = new OnnxGraph("nhwc_input");
        g.node("Transpose", List.of(INPUT), List.of("nchw"), n -> n.ints("perm", 0, 3, 1, 2));
        g.node("Conv", List.of("nchw", "identity_weights"), List.of(OUTPUT), n -> n.ints("kernel_shape", 1, 1));
        g.floats("identity_weights", identity(bands), bands, bands, 1, 1);
        g.input(INPUT, FLOAT, 1L, (long) tile, (long) tile, (long) bands);
        g.output(OUTPUT, FLOAT, 1L, (long) bands, (long) tile, (long) tile);
        return g.model();
    }

    /**
     * A model whose answer outgrows a runner's memory: {@code channels} score channels per pixel,
     * channel {@code c} a copy of band {@code c % bands}, output float32 {@code [batch, channels,
     * height, width]} with the channel count left open in the file, as a model with a huge head
     * declares it. At 8192 channels one 128 x 128 tile answers 512 MiB.
     */
    public static byte[] memoryHungry(int bands, int channels) {
        float[] weights = new float[channels * bands];   // [out, in, 1, 1]
        for (int c = 0; c < channels; c++) {
            weights[c * bands + c % bands] = 1f;
        }
        OnnxGraph g = new OnnxGraph("memory_hungry");
        g.node("Conv", List.of(INPUT, "weights"), List.of(OUTPUT), n -> n.ints("kernel_shape", 1, 1));
        g.floats("weights", weights, channels, bands, 1, 1);
        g.input(INPUT, FLOAT, "batch", (long) bands, "height", "width");
        g.output(OUTPUT, FLOAT, "batch", "channels", "height", "width");
        return g.model();
    }

    private static float[] identity(int bands) {
        float[] identity = new float[bands * bands];   // [out, in, 1, 1]
        for (int b = 0; b < bands; b++) {
            identity[b * bands + b] = 1f;
        }
        return identity;
    }

    private static byte[] brightest(int bands, Object batchDim, boolean argmax) {
        if (bands < 1) {
            throw new IllegalArgumentException("bands must be at least 1, was " + bands);
        }
        float[] identity = identity(bands);
        OnnxGraph g = new OnnxGraph(argmax ? "brightest_band_wins" : "band_scores");
        g.node("identity_conv", "Conv", List.of(INPUT, "identity_weights"),
            List.of(argmax ? "scores" : OUTPUT), n -> n.ints("kernel_shape", 1, 1));
        if (argmax) {
            g.node("band_argmax", "ArgMax", List.of("scores"), List.of(OUTPUT), n -> n
                .i("axis", 1).i("keepdims", 0));
        }
        g.floats("identity_weights", identity, bands, bands, 1, 1);
        g.input(INPUT, FLOAT, batchDim, (long) bands, "height", "width");
        if (argmax) {
            g.output(OUTPUT, INT64, batchDim, "height", "width");
        } else {
            g.output(OUTPUT, FLOAT, batchDim, (long) bands, "height", "width");
        }
        return g.model();
    }

    /** Writes model bytes to {@code file}, creating parent folders, and returns the file. */
    public static Path write(Path file, byte[] model) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        return Files.write(file, model);
    }
}
