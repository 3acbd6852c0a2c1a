package org.rasterhub.runner.classify;

/**
 * Where a per-pixel model output's values lie: its channel count and axis (NCHW, or NHWC as
 * TensorFlow exports write it), and which part of the input tile its square grid covers. Real models
 * cover the whole tile, or only its core when trained on padded chips (output edge = tile − 2 ×
 * {@code ModelPadding}: Esri's land-cover package answers the centre 128 of a 256 tile), or either at
 * a coarser resolution that a whole stride maps onto (a 64 output for a 256 tile: each value covers 4
 * × 4 pixels).
 *
 * @param channels     values per output pixel
 * @param channelsLast NHWC: a pixel's channels are adjacent
 * @param size         edge of the output grid
 * @param offset       tile pixel where the grid starts: 0, or the padding for core outputs
 * @param step         tile pixels per output pixel along each axis
 */
record OutputLayout(int channels, boolean channelsLast, int size, int offset, int step) {

    /**
     * The layout of an output of this shape for a batch of {@code count} tiles, or null when it has
     * none of the accepted shapes: {@code [N, S, S]}, {@code [N, C, S, S]} or, when that does not fit,
     * {@code [N, S, S, C]}.
     */
    static OutputLayout of(long[] shape, int count, int tileSize, int padding) {
        if (shape.length < 3 || shape.length > 4 || shape[0] != count) {
            return null;
        }
        if (shape.length == 3) {
            return shape[1] == shape[2] ? covering(1, false, shape[1], tileSize, padding) : null;
        }
        OutputLayout first = shape[2] == shape[3] ? covering(shape[1], false, shape[2], tileSize, padding) : null;
        if (first != null) {
            return first;
        }
        return shape[1] == shape[2] ? covering(shape[3], true, shape[1], tileSize, padding) : null;
    }

    private static OutputLayout covering(long channels, boolean channelsLast, long size, int tileSize, int padding) {
        if (channels < 1 || channels > Integer.MAX_VALUE || size < 1 || size > tileSize) {
            return null;
        }
        int s = (int) size;
        int c = (int) channels;
        int core = tileSize - 2 * padding;
        if (s == tileSize) {
            return new OutputLayout(c, channelsLast, s, 0, 1);
        }
        if (s == core) {
            return new OutputLayout(c, channelsLast, s, padding, 1);
        }
        // Coarser outputs: the whole tile first (an encoder's 1/4 resolution), else its core.
        if (tileSize % s == 0) {
            return new OutputLayout(c, channelsLast, s, 0, tileSize / s);
        }
        if (core % s == 0) {
            return new OutputLayout(c, channelsLast, s, padding, core / s);
        }
        return null;
    }

    /** Values in one tile's output. */
    long valuesPerTile() {
        return (long) channels * size * size;
    }

    /**
     * Index of channel 0 of the output pixel covering tile pixel {@code row * tileSize + col} of the
     * tile at {@code slot}; pixels outside the covered part take the nearest covered value.
     */
    int index(int slot, int pixel, int tileSize) {
        int row = clamp((pixel / tileSize - offset) / step);
        int col = clamp((pixel % tileSize - offset) / step);
        long base = slot * valuesPerTile();
        return (int) (channelsLast ? base + ((long) row * size + col) * channels : base + (long) row * size + col);
    }

    /** Distance between one channel's value and the next's. */
    int channelStride() {
        return channelsLast ? 1 : size * size;
    }

    private int clamp(int i) {
        return Math.max(0, Math.min(size - 1, i));
    }

    /** What the output covers, for messages: "the tile", "the tile's centre 128 × 128", "… at 1/4". */
    String covers(int tileSize) {
        String part = offset == 0 ? "the whole tile" : "the tile's centre " + (size * step) + " × " + (size * step);
        return part + (step == 1 ? "" : " at 1/" + step + " resolution");
    }
}
