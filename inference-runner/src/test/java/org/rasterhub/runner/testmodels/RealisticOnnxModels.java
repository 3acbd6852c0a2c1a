package org.rasterhub.runner.testmodels;

import static org.rasterhub.runner.testmodels.OnnxGraph.FLOAT;

import java.util.List;
import java.util.Random;

/**
 * ONNX models whose cost per tile is that of a real network, written in code (nothing downloaded),
 * for benchmarks where a nearly free test model would make everything else look expensive.
 *
 * <p>{@link #segmentationNet}: a small fully-convolutional segmentation net, input float32
 * {@code [N, bands, H, W]} (batch, height and width dynamic; 8-bit pixel values) → (x − 127.5) / 64 →
 * Conv 3×3 (bands → width, pad 1) → Relu
 * → Conv 3×3 (width → width, pad 1) → Relu → Conv 3×3 (width → width, pad 1) → Relu → Conv 1×1
 * (width → classes) → output {@value #OUTPUT}, float32 {@code [N, classes, H, W]}: per-pixel class
 * scores, ArgMax left to the caller. With the default width of 128 it takes ~299,000 multiply-adds
 * per pixel, 19.6 G per 256² tile: ~100 ms a tile through ONNX Runtime on the project's 2-core
 * machine, in the range of real segmentation networks on a CPU (width 64 takes ~27 ms, width 32
 * ~20 ms there: narrow convolutions are bound by memory, not arithmetic).
 * Weights are He-scaled Gaussians from a fixed seed, so the same arguments give the same bytes and
 * the same answers.
 */
public final class RealisticOnnxModels {
    public static final String INPUT = "image";
    public static final String OUTPUT = "scores";
    /** Default feature width (channels of the hidden convolutions). */
    public static final int WIDTH = 128;
    /** Default number of classes. */
    public static final int CLASSES = 6;
    /** Default weight seed. */
    public static final long SEED = 20261125L;

    private RealisticOnnxModels() {
    }

    /** {@link #segmentationNet(int, int, int, long)} with width 128, 6 classes and the default seed. */
    public static byte[] segmentationNet(int bands) {
        return segmentationNet(bands, WIDTH, CLASSES, SEED);
    }

    /**
     * The segmentation net described in the class comment.
     *
     * @param bands input channels
     * @param width channels of the three hidden 3×3 convolutions
     * @param classes output channels (class scores)
     * @param seed seed of the weights
     */
    public static byte[] segmentationNet(int bands, int width, int classes, long seed) {
        return segmentationNet(bands, width, classes, seed, 0);
    }

    /**
     * {@link #segmentationNet(int)} answering only the tile's core, as models trained on padded chips do
     * (Esri's land-cover package): the scores with {@code crop} pixels cut from every side, output
     * {@code [batch, 6, height - 2 crop, width - 2 crop]}. The convolutions still run over the whole tile.
     */
    public static byte[] segmentationNetCore(int bands, int crop) {
        return segmentationNet(bands, WIDTH, CLASSES, SEED, crop);
    }

    private static byte[] segmentationNet(int bands, int width, int classes, long seed, int crop) {
        if (bands < 1 || width < 1 || classes < 1) {
            throw new IllegalArgumentException("bands, width and classes must be at least 1, were "
                + bands + ", " + width + ", " + classes);
        }
        Random random = new Random(seed);
        OnnxGraph g = new OnnxGraph("realistic_segmentation_" + width + "x3_" + classes);
        // Input normalisation baked in, as exported networks often have: (x - 127.5) / 64 for 8-bit
        // pixels, so features and the winning class vary with the pixels instead of one class
        // winning everywhere.
        g.floats("input_mean", new float[] {127.5f});
        g.floats("input_scale", new float[] {1f / 64});
        g.node("Sub", List.of(INPUT, "input_mean"), List.of("centred"), n -> { });
        g.node("Mul", List.of("centred", "input_scale"), List.of("normalised"), n -> { });
        String x = "normalised";
        int in = bands;
        for (int layer = 1; layer <= 3; layer++) {
            String w = "conv" + layer + "_w";
            String b = "conv" + layer + "_b";
            g.floats(w, heNormal(random, width * in * 9, in * 9), width, in, 3, 3);
            g.floats(b, small(random, width), width);
            g.node("Conv", List.of(x, w, b), List.of("conv" + layer), n -> n
                .ints("kernel_shape", 3, 3).ints("pads", 1, 1, 1, 1));
            g.node("Relu", List.of("conv" + layer), List.of("relu" + layer), n -> { });
            x = "relu" + layer;
            in = width;
        }
        // Each class's head weights sum to zero: the Relu features are all positive, and a head
        // without this answers their common mean with the same class almost everywhere.
        float[] head = heNormal(random, classes * width, width);
        for (int c = 0; c < classes; c++) {
            double sum = 0;
            for (int i = 0; i < width; i++) {
                sum += head[c * width + i];
            }
            for (int i = 0; i < width; i++) {
                head[c * width + i] -= (float) (sum / width);
            }
        }
        g.floats("head_w", head, classes, width, 1, 1);
        g.floats("head_b", small(random, classes), classes);
        g.node("Conv", List.of(x, "head_w", "head_b"), List.of(crop > 0 ? "full_scores" : OUTPUT),
            n -> n.ints("kernel_shape", 1, 1));
        if (crop > 0) {
            g.node("Slice", List.of("full_scores", "crop_starts", "crop_ends", "crop_axes"), List.of(OUTPUT), n -> { });
            g.longs("crop_starts", new long[] {crop, crop}, 2);
            g.longs("crop_ends", new long[] {-crop, -crop}, 2);
            g.longs("crop_axes", new long[] {2, 3}, 2);
        }
        g.input(INPUT, FLOAT, "batch", (long) bands, "height", "width");
        g.output(OUTPUT, FLOAT, "batch", (long) classes, crop > 0 ? "core_height" : "height",
            crop > 0 ? "core_width" : "width");
        return g.model();
    }

    /** Multiply-adds per pixel of {@link #segmentationNet(int, int, int, long)}. */
    public static long multiplyAddsPerPixel(int bands, int width, int classes) {
        return 9L * bands * width + 2 * 9L * width * width + (long) width * classes;
    }

    private static float[] heNormal(Random random, int count, int fanIn) {
        double scale = Math.sqrt(2.0 / fanIn);
        float[] values = new float[count];
        for (int i = 0; i < count; i++) {
            values[i] = (float) (random.nextGaussian() * scale);
        }
        return values;
    }

    private static float[] small(Random random, int count) {
        float[] values = new float[count];
        for (int i = 0; i < count; i++) {
            values[i] = (float) (random.nextGaussian() * 0.01);
        }
        return values;
    }
}
