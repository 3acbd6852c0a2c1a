package org.rasterhub.runner.classify;

import java.util.ArrayList;
import java.util.List;
import org.rasterhub.core.emd.ModelClass;
import org.rasterhub.runner.engine.FloatTensor;
import org.rasterhub.runner.engine.LongTensor;
import org.rasterhub.runner.engine.Tensor;

/**
 * A model's output for one batch of tiles, read as float measures per pixel rather than a class: the
 * class probabilities of a {@link PixelProduct.Probabilities} raster or the values of a {@link
 * PixelProduct.Values} raster. Shapes and layouts are those {@link ClassMap} accepts (channels first
 * or last, whole tile or core, coarser grids).
 */
final class PixelMeasures {
    /** Scores within this of the 0-1 range and of a sum of 1 are probabilities already. */
    private static final float PROBABILITY_TOLERANCE = 1e-3f;

    private enum Rule { AS_IS, SOFTMAX, WINNING, WINNING_OF_SOFTMAX }

    private final float[] values;
    private final OutputLayout layout;
    private final int tileSize;
    private final Rule rule;
    private final float scale;
    private final long[] shape;
    private final boolean probabilities;

    private PixelMeasures(float[] values, OutputLayout layout, int tileSize, Rule rule, float scale, long[] shape,
                          boolean probabilities) {
        this.values = values;
        this.layout = layout;
        this.tileSize = tileSize;
        this.rule = rule;
        this.scale = scale;
        this.shape = shape;
        this.probabilities = probabilities;
    }

    /**
     * Reads a batch's output as {@code product} asks, choosing among the outputs as {@code reading} says.
     *
     * @throws ModelOutputException when the output holds class indexes rather than scores, has an
     *     unaccepted shape, or (values) has more than one channel
     */
    static PixelMeasures of(List<Tensor> outputs, int count, int tileSize, int padding, OutputReading reading,
                            PixelProduct product) throws ModelOutputException {
        boolean oneChannel = product instanceof PixelProduct.Values;
        Tensor output = OutputSelection.select(outputs, reading, o -> o instanceof FloatTensor
            && fits(OutputLayout.of(o.shape(), count, tileSize, padding), oneChannel));
        long[] shape = output.shape();
        OutputLayout layout = OutputLayout.of(shape, count, tileSize, padding);
        if (!(output instanceof FloatTensor scores)) {
            throw new ModelOutputException(shape, "the model answers with class indexes, not scores: "
                + (oneChannel ? "a value raster needs one float channel" : "a probability raster needs float"
                + " class scores or probabilities") + "; run it without " + (oneChannel ? "RegressionOutput"
                + " in its .emd" : "return_probability_raster"));
        }
        if (!fits(layout, oneChannel)) {
            throw new ModelOutputException(shape, (oneChannel ? "a value raster needs one float channel [" + count
                + ", 1, S, S] or [" + count + ", S, S]" : "expected float [" + count + ", channels, S, S] scores or"
                + " probabilities (or channels last)") + ", where S is the tile (" + tileSize + "), its core ("
                + (tileSize - 2 * padding) + ") or either divided by a whole number");
        }
        if (product instanceof PixelProduct.Values v) {
            return new PixelMeasures(scores.values(), layout, tileSize, Rule.AS_IS, (float) v.scale(), shape, false);
        }
        boolean everyClass = ((PixelProduct.Probabilities) product).everyClass();
        // One sigmoid channel and independent sigmoids are probabilities as they are; competing scores
        // become probabilities by softmax unless the model already ends with one.
        boolean competing = layout.channels() > 1 && !reading.independentChannels();
        Rule rule = layout.channels() == 1 || everyClass && !competing ? Rule.AS_IS
            : everyClass ? Rule.SOFTMAX
            : competing ? Rule.WINNING_OF_SOFTMAX : Rule.WINNING;
        return new PixelMeasures(scores.values(), layout, tileSize, rule, 1f, shape, true);
    }

    private static boolean fits(OutputLayout layout, boolean oneChannel) {
        return layout != null && (!oneChannel || layout.channels() == 1);
    }

    /** Bands of the raster this output fills. */
    int bands() {
        return rule == Rule.AS_IS || rule == Rule.SOFTMAX ? layout.channels() : 1;
    }

    /**
     * The bands' descriptions: the {@code .emd} class each probability is of (class index = class
     * {@code Value}), "probability of the winning class", or the values' name.
     */
    List<String> bandDescriptions(List<ModelClass> classes, PixelProduct product) {
        if (product instanceof PixelProduct.Values v) {
            return List.of(v.name());
        }
        if (bands() == 1 && layout.channels() > 1) {
            return List.of("probability of the winning class");
        }
        List<String> names = new ArrayList<>();
        int first = layout.channels() == 1 ? 1 : 0;   // one sigmoid channel: the probability of class 1
        for (int c = first; c < first + bands(); c++) {
            int value = c;
            names.add("probability of " + classes.stream().filter(k -> k.value() == value).map(ModelClass::name)
                .findFirst().orElse("class " + value));
        }
        return names;
    }

    /**
     * Writes the measures of pixel {@code row * tile + col} of the tile at {@code slot} into {@code
     * into[0 .. bands() - 1]}.
     *
     * @throws ModelOutputException when a probability is outside 0-1 (a sigmoid output without its
     *     Sigmoid, most likely)
     */
    void pixel(int slot, int pixel, float[] into) throws ModelOutputException {
        int base = layout.index(slot, pixel, tileSize);
        int stride = layout.channelStride();
        int channels = layout.channels();
        switch (rule) {
            case AS_IS -> {
                for (int c = 0; c < channels; c++) {
                    into[c] = probabilities ? probability(values[base + c * stride]) : values[base] * scale;
                }
            }
            case WINNING -> {
                float best = Float.NEGATIVE_INFINITY;
                for (int c = 0; c < channels; c++) {
                    best = Math.max(best, probability(values[base + c * stride]));
                }
                into[0] = best;
            }
            case SOFTMAX, WINNING_OF_SOFTMAX -> softmax(base, stride, channels, into);
        }
    }

    // Probabilities already (within the tolerance) pass as they are; anything else is softmaxed, as
    // Classify Objects reads class scores (docs/models.md).
    private void softmax(int base, int stride, int channels, float[] into) throws ModelOutputException {
        float highest = Float.NEGATIVE_INFINITY;
        float sum = 0;
        boolean inRange = true;
        for (int c = 0; c < channels; c++) {
            float v = values[base + c * stride];
            if (!Float.isFinite(v)) {
                throw new ModelOutputException(shape, "class score " + v + " is not a finite number");
            }
            highest = Math.max(highest, v);
            sum += v;
            inRange &= v >= -PROBABILITY_TOLERANCE && v <= 1 + PROBABILITY_TOLERANCE;
        }
        boolean already = inRange && Math.abs(sum - 1) <= PROBABILITY_TOLERANCE;
        double total = 0;
        for (int c = 0; c < channels && !already; c++) {
            total += Math.exp(values[base + c * stride] - highest);
        }
        float winning = 0;
        for (int c = 0; c < channels; c++) {
            float v = values[base + c * stride];
            float p = already ? Math.max(0f, Math.min(1f, v)) : (float) (Math.exp(v - highest) / total);
            if (rule == Rule.SOFTMAX) {
                into[c] = p;
            }
            winning = Math.max(winning, p);
        }
        if (rule == Rule.WINNING_OF_SOFTMAX) {
            into[0] = winning;
        }
    }

    private float probability(float v) throws ModelOutputException {
        if (!(v >= -PROBABILITY_TOLERANCE && v <= 1 + PROBABILITY_TOLERANCE)) {
            throw new ModelOutputException(shape, "probability " + v + " is outside 0-1: a sigmoid output is read"
                + " as probabilities, so the model must end with its Sigmoid (export it with the activation)");
        }
        return Math.max(0f, Math.min(1f, v));
    }
}
