package org.rasterhub.runner.classify;

import java.util.List;
import org.rasterhub.runner.engine.FloatTensor;
import org.rasterhub.runner.engine.LongTensor;
import org.rasterhub.runner.engine.Tensor;
import org.rasterhub.runner.raster.ClassMapWriter;

/**
 * A model's output for one batch of tiles, read as one class index per pixel: an int64 class map
 * ({@code [N, S, S]} or with one channel), float scores of two or more classes of which the highest
 * wins (ties: the lowest index, as ONNX ArgMax), one float sigmoid channel of a binary model (1
 * where the probability reaches the threshold, else 0), or several independent sigmoid channels (the
 * most probable channel where it reaches the threshold, else no class). Channels first (NCHW) or
 * last (NHWC); the square grid covers the whole tile, its core, or either at a coarser resolution
 * ({@link OutputLayout}). The contract is in {@code docs/models.md}; Classify Pixels and Detect
 * Change share it.
 */
public interface ClassMap {
    /**
     * Class index of a pixel ({@code row * tile + col}) of the tile at {@code slot} in the batch.
     *
     * @throws ModelOutputException when the value does not fit a Byte raster (0-{@value
     *     ClassMapWriter#MAX_CLASS_VALUE})
     */
    int classAt(int slot, int pixel) throws ModelOutputException;

    /**
     * Reads a batch's first model output.
     *
     * @param count tiles in the batch
     * @param tileSize edge of a tile, in pixels
     * @param padding the tile's padding, for outputs that cover only its core
     * @throws ModelOutputException when the output is no class map, scores or binary probability of
     *     an accepted shape
     */
    static ClassMap of(Tensor output, int count, int tileSize, int padding) throws ModelOutputException {
        return of(output, count, tileSize, padding, OutputReading.DEFAULT);
    }

    /**
     * Reads the output a {@link OutputReading} names among all of a batch's model outputs: the one at its
     * index, or the first of an accepted shape and type.
     *
     * @throws ModelOutputException when that output does not fit (or, choosing, none does: the first
     *     output's problem is reported)
     */
    static ClassMap of(List<Tensor> outputs, int count, int tileSize, int padding, OutputReading reading)
            throws ModelOutputException {
        Tensor chosen = OutputSelection.select(outputs, reading, o -> accepts(o, count, tileSize, padding));
        return of(chosen, count, tileSize, padding, reading);
    }

    private static boolean accepts(Tensor output, int count, int tileSize, int padding) {
        OutputLayout layout = OutputLayout.of(output.shape(), count, tileSize, padding);
        return layout != null && (output instanceof FloatTensor || layout.channels() == 1 && output instanceof LongTensor);
    }

    private static ClassMap of(Tensor output, int count, int tileSize, int padding, OutputReading reading)
            throws ModelOutputException {
        long[] shape = output.shape();
        int core = tileSize - 2 * padding;
        String expected = "expected int64 [" + count + ", S, S] or [" + count + ", 1, S, S] class indexes, float ["
            + count + ", classes >= 2, S, S] scores or [" + count + ", 1, S, S] binary probabilities (or"
            + " channels last), where S is the tile (" + tileSize + "), its core (" + core + ") or either"
            + " divided by a whole number";
        OutputLayout layout = OutputLayout.of(shape, count, tileSize, padding);
        if (output instanceof LongTensor classes && layout != null && layout.channels() == 1) {
            long[] values = classes.values();
            return (slot, pixel) -> checked(values[layout.index(slot, pixel, tileSize)], shape);
        }
        if (output instanceof FloatTensor scores && layout != null && layout.channels() == 1) {
            float[] values = scores.values();
            float threshold = reading.threshold();
            return (slot, pixel) -> values[layout.index(slot, pixel, tileSize)] >= threshold ? 1 : 0;
        }
        if (output instanceof FloatTensor scores && layout != null) {
            // Competing scores: the highest wins. Independent sigmoids: the highest, if it reaches the threshold.
            float floor = reading.independentChannels() ? reading.threshold() : Float.NEGATIVE_INFINITY;
            return highest(scores.values(), layout, tileSize, floor, shape);
        }
        throw new ModelOutputException(shape, (output instanceof LongTensor ? "int64" : "float")
            + " output of unsupported shape; " + expected);
    }

    /** What {@link #describe} calls one float channel, unless the caller knows better (a regression's value). */
    public static final String ONE_FLOAT_CHANNEL = "a binary probability (class 1 from 0.5)";

    /**
     * What a per-pixel output of this fixed shape means for tiles of this size and padding, as Classify
     * Pixels would read it ("class scores of 6 classes for the tile's centre 128 × 128"); empty when it
     * has none of the accepted shapes.
     *
     * @param elementType ONNX's name of the element type ("float", "int64", ...)
     */
    public static java.util.Optional<String> describe(long[] shape, String elementType, int tileSize, int padding) {
        return describe(shape, elementType, tileSize, padding, ONE_FLOAT_CHANNEL);
    }

    /** {@link #describe(long[], String, int, int)} calling one float channel {@code oneFloatChannel}. */
    public static java.util.Optional<String> describe(long[] shape, String elementType, int tileSize, int padding,
                                                      String oneFloatChannel) {
        OutputLayout layout = shape.length == 0 ? null : OutputLayout.of(shape, (int) shape[0], tileSize, padding);
        if (layout == null) {
            return java.util.Optional.empty();
        }
        boolean integers = elementType.startsWith("int") || elementType.startsWith("uint");
        String what = integers ? (layout.channels() == 1 ? "class indexes" : null)
            : layout.channels() == 1 ? oneFloatChannel
            : "class scores of " + layout.channels() + " classes";
        if (what == null) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(what + (layout.channelsLast() ? ", channels last," : "") + " for "
            + layout.covers(tileSize));
    }

    // The channel with the highest value (ties: the lowest index, like ArgMax); no class below the floor.
    private static ClassMap highest(float[] values, OutputLayout layout, int tileSize, float floor, long[] shape) {
        int channels = layout.channels();
        int stride = layout.channelStride();
        return (slot, pixel) -> {
            int base = layout.index(slot, pixel, tileSize);
            int best = 0;
            float bestScore = values[base];
            for (int c = 1; c < channels; c++) {
                float score = values[base + c * stride];
                if (score > bestScore) {
                    best = c;
                    bestScore = score;
                }
            }
            return bestScore >= floor ? checked(best, shape) : ClassMapWriter.NO_DATA;
        };
    }

    private static int checked(long value, long[] shape) throws ModelOutputException {
        if (value < 0 || value > ClassMapWriter.MAX_CLASS_VALUE) {
            throw new ModelOutputException(shape, "class index " + value + " does not fit a Byte"
                + " raster; expected 0-" + ClassMapWriter.MAX_CLASS_VALUE);
        }
        return (int) value;
    }
}
