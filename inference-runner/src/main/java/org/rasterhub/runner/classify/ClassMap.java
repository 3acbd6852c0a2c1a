package org.rasterhub.runner.classify;

import org.rasterhub.runner.engine.FloatTensor;
import org.rasterhub.runner.engine.LongTensor;
import org.rasterhub.runner.engine.Tensor;
import org.rasterhub.runner.raster.ClassMapWriter;

/**
 * A model's output for one batch of tiles, read as one class index per pixel: an int64 class map
 * {@code [N, tile, tile]} or {@code [N, 1, tile, tile]} as is, or float scores {@code [N, classes,
 * tile, tile]} of which the highest wins (ties: the lowest index, as ONNX ArgMax). The contract is
 * in {@code docs/models.md}; Classify Pixels and Detect Change share it.
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
     * @throws ModelOutputException when the output is no class map or scores of that shape
     */
    static ClassMap of(Tensor output, int count, int tileSize) throws ModelOutputException {
        long[] shape = output.shape();
        long plane = (long) tileSize * tileSize;
        String expected = "expected int64 [" + count + ", " + tileSize + ", " + tileSize + "] or ["
            + count + ", 1, " + tileSize + ", " + tileSize + "] class indexes, or float [" + count
            + ", classes >= 2, " + tileSize + ", " + tileSize + "] scores";
        boolean tileSized = shape.length >= 3 && shape[0] == count
            && shape[shape.length - 2] == tileSize && shape[shape.length - 1] == tileSize;
        if (output instanceof LongTensor classes && tileSized
                && (shape.length == 3 || shape.length == 4 && shape[1] == 1)) {
            long[] values = classes.values();
            return (slot, pixel) -> checked(values[(int) (slot * plane + pixel)], shape);
        }
        if (output instanceof FloatTensor scores && tileSized && shape.length == 4 && shape[1] >= 2) {
            float[] values = scores.values();
            int channels = (int) shape[1];
            return (slot, pixel) -> {
                int base = (int) (slot * channels * plane + pixel);
                int best = 0;
                float bestScore = values[base];
                for (int c = 1; c < channels; c++) {
                    float score = values[(int) (base + c * plane)];
                    if (score > bestScore) {   // strict: ties keep the lowest index, like ArgMax
                        best = c;
                        bestScore = score;
                    }
                }
                return checked(best, shape);
            };
        }
        throw new ModelOutputException(shape, (output instanceof LongTensor ? "int64" : "float")
            + " output of unsupported shape; " + expected);
    }

    private static int checked(long value, long[] shape) throws ModelOutputException {
        if (value < 0 || value > ClassMapWriter.MAX_CLASS_VALUE) {
            throw new ModelOutputException(shape, "class index " + value + " does not fit a Byte"
                + " raster; expected 0-" + ClassMapWriter.MAX_CLASS_VALUE);
        }
        return (int) value;
    }
}
